// Exercise pages: when the workbench opens a failing run (its 'course:replay' event on the
// [data-replay-picture] element), show the run in the cluster view, opened at the violation. Tiny
// on purpose: the viewer itself is imported on first use. Moving in the view (a step, a click in
// the log, the scrubber) also highlights the same event in the workbench's own event list.
interface ReplayDetail {
  result: import('../../engine/grader/types').TestResult;
  select(eventIndex: number): void;
}

let current: { destroy(): void } | null = null;

export function attachReplayPicture(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>('[data-replay-picture]').forEach((picture) => {
    if (picture.dataset.clusterHooked) return;
    picture.dataset.clusterHooked = '1';
    picture.addEventListener('course:replay', (ev) => {
      const { result, select } = (ev as CustomEvent<ReplayDetail>).detail;
      if (!result?.trace?.length || !result.nodes?.length) return;
      picture.dataset.state = 'loading';
      import('./replay')
        .then(({ openReplay }) => {
          current?.destroy();
          const { view } = openReplay(result, picture, { onSeek: select });
          current = view;
          picture.dataset.state = 'ready';
        })
        .catch(() => {
          picture.dataset.state = 'error';
          picture.textContent = 'The cluster picture could not be loaded; the events are listed below.';
        });
    });
  });
}

attachReplayPicture();
