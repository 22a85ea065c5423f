// A lesson scene, loaded lazily: decode the trace computed at build time and mount the viewer.
import { Timeline } from '../../engine/view/replay';
import { decodeTrace, type EncodedTrace } from './codec';
import { mountClusterView, type Caption, type ClusterView } from './view';

const views = new WeakMap<HTMLElement, ClusterView>();

interface SceneData {
  title: string;
  trace: EncodedTrace;
  captions: Caption[];
  until: number;
  seed: number;
  groupNames?: { name: string; nodes: string[] }[];
}

export function mountScene(figure: HTMLElement): void {
  if (figure.dataset.mounted) return;
  const raw = figure.querySelector('script[data-scene-data]')?.textContent;
  const target = figure.querySelector<HTMLElement>('.cv-scene-mount');
  if (!raw || !target) return;
  const data = JSON.parse(raw) as SceneData;
  const { events, nodes } = decodeTrace(data.trace);
  const view = mountClusterView(target, {
    timeline: new Timeline(events, nodes),
    captions: data.captions,
    holdAtCaptions: true,
    horizon: data.until,
    label: `Scene: ${data.title}`,
    speed: 0.05,
    groupNames: data.groupNames,
  });
  figure.dataset.mounted = '1';
  views.set(figure, view);
}

/** "Play the scene": start playing, and put the focus on the viewer's own play button. */
export function playScene(figure: HTMLElement): void {
  const view = views.get(figure);
  if (!view) return;
  view.play();
  view.root.querySelector<HTMLElement>('.cv-play')?.focus();
}
