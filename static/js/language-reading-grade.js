// The editor's Checks panel: shows the article's reading grade, which the preview carries in
// <meta name="kinship:reading-grade"> (language/preview.py), each time Wagtail has read the
// preview's content for its own metrics (the w-preview:content event).
document.addEventListener('w-preview:content', () => {
  const grade = document.querySelector('[data-kinship-reading-grade]');
  const target = document.querySelector('[data-kinship-reading-target]');
  const iframe = document.querySelector('[data-w-preview-target="iframe"]');
  const meta = iframe?.contentDocument?.querySelector('meta[name="kinship:reading-grade"]');
  if (!grade || !target || !meta) return;
  const value = meta.getAttribute('content');
  const goal = meta.dataset.target;
  if (!value) {
    grade.textContent = 'Too short to say';
    target.textContent = `Target: grade ${goal} or below`;
  } else {
    grade.textContent = `Grade ${value}`;
    target.textContent =
      parseFloat(value) > parseFloat(goal)
        ? `Above the target of grade ${goal}: try shorter sentences and words`
        : `Within the target of grade ${goal} or below`;
  }
});
