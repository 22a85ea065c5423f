// Colour theme toggle: cycles system -> light -> dark. The choice is applied before first paint by the
// inline script in BaseLayout's <head>; this module only handles clicks and system changes.
import { THEME_KEY } from './progress';

type Pref = 'system' | 'light' | 'dark';
const ORDER: Pref[] = ['system', 'light', 'dark'];
const LABEL: Record<Pref, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const media = matchMedia('(prefers-color-scheme: dark)');
const root = document.documentElement;

function readPref(): Pref {
  try {
    const p = localStorage.getItem(THEME_KEY);
    return p === 'light' || p === 'dark' ? p : 'system';
  } catch {
    return 'system';
  }
}

function apply(pref: Pref): void {
  const dark = pref === 'dark' || (pref === 'system' && media.matches);
  root.dataset.theme = dark ? 'dark' : 'light';
  root.dataset.themePref = pref;
  for (const btn of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    const next = ORDER[(ORDER.indexOf(pref) + 1) % ORDER.length];
    btn.dataset.pref = pref;
    btn.setAttribute('aria-label', `Colour theme: ${LABEL[pref]}. Switch to ${LABEL[next]}.`);
    btn.title = `Theme: ${LABEL[pref]} (click for ${LABEL[next]})`;
    const text = btn.querySelector('.theme-label');
    if (text) text.textContent = LABEL[pref];
  }
}

for (const btn of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
  btn.addEventListener('click', () => {
    const current = (root.dataset.themePref as Pref | undefined) ?? readPref();
    const pref = ORDER[(ORDER.indexOf(current) + 1) % ORDER.length];
    try {
      if (pref === 'system') localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, pref);
    } catch {
      /* storage blocked: the choice lasts for this page only */
    }
    apply(pref);
  });
}

media.addEventListener('change', () => apply((root.dataset.themePref as Pref | undefined) ?? readPref()));
addEventListener('storage', (e) => {
  if (e.key === THEME_KEY || e.key === null) apply(readPref());
});
apply(readPref());
