const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Stands in for codemirror-json-schema's own `utils/markdown` module (vite.config.ts swaps it in): that one
 * renders hover and completion texts with markdown-it and the Shiki highlighter, 600 kB of the bundle for
 * descriptions that are plain sentences with `code` in them. Text is escaped first, so a schema can never
 * inject markup into the page.
 */
export function renderMarkdown(markdown: string, inline = true): string {
  const html = escapeHtml(markdown)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  if (inline) return html;
  return html
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>')}</p>`)
    .join('');
}
