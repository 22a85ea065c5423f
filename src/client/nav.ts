// Phone layout: the course sidebar hides behind the header's "Menu" button.
const button = document.querySelector<HTMLButtonElement>('[data-nav-toggle]');
const nav = document.getElementById('course-nav');

if (button && nav) {
  const narrow = matchMedia('(max-width: 56rem)');
  const setOpen = (open: boolean, focus = false) => {
    button.setAttribute('aria-expanded', String(open));
    document.documentElement.toggleAttribute('data-nav-open', open);
    if (open && focus) nav.querySelector<HTMLElement>('[aria-current="page"], a')?.focus();
  };
  button.addEventListener('click', () => setOpen(button.getAttribute('aria-expanded') !== 'true', true));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && button.getAttribute('aria-expanded') === 'true' && narrow.matches) {
      setOpen(false);
      button.focus();
    }
  });
  // Following a link inside the open menu (e.g. an in-page anchor) closes it.
  nav.addEventListener('click', (e) => {
    if ((e.target as Element).closest('a') && narrow.matches) setOpen(false);
  });
  narrow.addEventListener('change', () => setOpen(false));
}
