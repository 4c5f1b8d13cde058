// Runs in an article's preview (language/preview.py adds it). Wagtail's userbar runs axe on
// window load; each language guide rule (language/userbar.py) needs its check's evaluate
// function, registered here first: a marked word is a finding, so the check always fails.
customElements.whenDefined('wagtail-userbar').then(() => {
  const userbar = document.querySelector('wagtail-userbar');
  if (userbar && typeof userbar.registerCheck === 'function') {
    userbar.registerCheck('kinship-language-term', () => false);
  }
});
