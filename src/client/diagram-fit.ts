// Lesson diagrams on a narrow screen: an SVG scaled down to the column would shrink its labels below
// a readable size. Each diagram gets a minimum width at which its smallest label renders at
// MIN_TEXT_PX or more, inside a box that scrolls sideways, with a visible hint when it does.
export const MIN_TEXT_PX = 11;
const SELECTOR = 'main figure svg[viewBox]';

function fitDiagrams(): void {
  for (const svg of document.querySelectorAll<SVGSVGElement>(SELECTOR)) {
    const figure = svg.closest('figure')!;
    if (figure.matches('.cv-scene, .qc') || svg.closest('.cv')) continue; // the cluster view and the calculator lay themselves out
    let box = svg.parentElement!;
    if (!box.classList.contains('diagram-scroll')) {
      const width = svg.viewBox.baseVal?.width;
      let smallest = Infinity;
      for (const t of svg.querySelectorAll('text')) {
        const size = parseFloat(getComputedStyle(t).fontSize);
        if (size > 0) smallest = Math.min(smallest, size);
      }
      if (!width || !Number.isFinite(smallest)) continue;
      svg.style.minWidth = `${Math.ceil((width * MIN_TEXT_PX) / smallest)}px`;
      box = document.createElement('div');
      box.className = 'diagram-scroll';
      svg.before(box);
      box.append(svg);
      const hint = document.createElement('p');
      hint.className = 'diagram-hint';
      hint.setAttribute('aria-hidden', 'true');
      hint.textContent = 'Scroll sideways to see the whole diagram →';
      box.after(hint);
    }
    const overflows = box.scrollWidth > box.clientWidth + 1;
    box.toggleAttribute('data-overflows', overflows);
    if (overflows) {
      box.tabIndex = 0;
      box.setAttribute('role', 'group');
      box.setAttribute('aria-label', 'Diagram, wider than the screen: scroll sideways');
    } else {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
    }
  }
}

if (document.querySelector(SELECTOR)) {
  fitDiagrams();
  let pending = 0;
  addEventListener('resize', () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(fitDiagrams);
  });
}
