// Build-time helpers shared by pages and layouts: the ordered lesson and exercise lists, and URLs.
import { getCollection, type CollectionEntry } from 'astro:content';

export type Lesson = CollectionEntry<'lessons'>;
export type Exercise = CollectionEntry<'exercises'>;

export const COURSE_NAME = 'Leader Election & Consensus';

const byOrder = <T extends { id: string; data: { order: number } }>(a: T, b: T) =>
  a.data.order - b.data.order || a.id.localeCompare(b.id);

// Collections are read once per build (every page renders the sidebar).
let lessons: Promise<Lesson[]> | undefined;
let exercises: Promise<Exercise[]> | undefined;

export function getLessons(): Promise<Lesson[]> {
  lessons ??= getCollection('lessons').then((all) => all.sort(byOrder));
  return lessons;
}

/** Empty (not an error) while exercises/ has no folders yet. */
export function getExercises(): Promise<Exercise[]> {
  exercises ??= getCollection('exercises').then((all) => all.sort(byOrder));
  return exercises;
}

/** A site-absolute URL that respects Astro's `base` (so the site also works from a sub-folder). */
export function url(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}/${path.replace(/^\//, '')}`;
}

export const lessonUrl = (id: string) => url(`lessons/${id}/`);
export const exerciseUrl = (id: string) => url(`exercises/${id}/`);

/** Escape text for HTML and turn `backtick spans` into <code>: for quiz prompts, options and explanations. */
export function inline(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  return escaped.replace(/`([^`]+)`/g, '<code>$1</code>');
}

export const totalMinutes = (lessons: Lesson[]) => lessons.reduce((s, l) => s + l.data.minutes, 0);
