// Lesson pages: the tiny part of a cluster scene that loads with the page. The viewer (and its
// styles) is imported when a scene comes near the viewport, or at once when "Play" is pressed.
type SceneModule = typeof import('./scene-mount');
const figures = document.querySelectorAll<HTMLElement>('[data-cluster-scene]');
const loading = new WeakMap<HTMLElement, Promise<SceneModule>>();

function load(figure: HTMLElement, play: boolean): void {
  let p = loading.get(figure);
  if (!p) {
    p = import('./scene-mount');
    loading.set(figure, p);
    p.then((m) => m.mountScene(figure)).catch(() => {
      loading.delete(figure);
      const note = figure.querySelector('.cv-scene-shell p:last-of-type');
      if (note) note.textContent = 'The animation could not be loaded. The scene is described as text below.';
    });
  }
  if (play) void p.then((m) => m.playScene(figure)).catch(() => undefined);
}

if (figures.length) {
  const io =
    'IntersectionObserver' in window
      ? new IntersectionObserver(
          (entries) => {
            for (const e of entries)
              if (e.isIntersecting) {
                io?.unobserve(e.target);
                load(e.target as HTMLElement, false);
              }
          },
          { rootMargin: '300px 0px' },
        )
      : null;
  figures.forEach((f) => {
    f.querySelector('[data-scene-play]')?.addEventListener('click', () => load(f, true));
    io?.observe(f);
  });
}
