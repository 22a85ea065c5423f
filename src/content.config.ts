// Lessons live in the top-level lessons/ folder; their frontmatter (including the quiz) is typed here.
import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

const explanation = z.string().min(10);

const choiceQuestion = z.object({
  id: z.string(),
  type: z.literal('choice'),
  prompt: z.string(),
  options: z
    .array(z.object({ text: z.string(), correct: z.boolean().default(false), explanation }))
    .min(2),
});

const numericQuestion = z.object({
  id: z.string(),
  type: z.literal('numeric'),
  prompt: z.string(),
  answer: z.number(),
  unit: z.string().optional(),
  // Shown after the first wrong answer; the worked explanation waits for a second miss or "Show the answer".
  hint: z.string().min(10),
  explanation,
  // A quorum fact ("how many failures does 7 nodes survive?"): tests recompute it with src/engine/quorum.ts.
  quorum: z.object({ fn: z.enum(['majority', 'faultTolerance']), n: z.number().int().positive() }).optional(),
});

export const quizQuestion = z.discriminatedUnion('type', [choiceQuestion, numericQuestion]);

const lessons = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './lessons' }),
  schema: z.object({
    title: z.string(),
    order: z.number().int().positive(),
    summary: z.string(),
    minutes: z.number().int().min(5).max(15),
    goals: z.array(z.string()).min(2),
    exercises: z.array(z.string()).default([]),
    sources: z.array(z.object({ label: z.string(), url: z.string().url().optional() })).min(1),
    quiz: z.array(quizQuestion).min(3).max(6),
  }),
});

// Exercises live in exercises/<id>/README.md (statement + frontmatter); the entry id is the folder name.
const exercises = defineCollection({
  loader: glob({ pattern: '*/README.md', base: './exercises', generateId: ({ entry }) => entry.split('/')[0] }),
  schema: z.object({
    title: z.string(),
    order: z.number().int().positive(),
    summary: z.string(),
    lessons: z.array(z.string()).default([]),
    hints: z.array(z.string()).min(2).max(4),
  }),
});

export const collections = { lessons, exercises };
