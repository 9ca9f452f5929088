import { html } from './html.template';

describe('html template', () => {
  it('escapes what comes from data and keeps nested templates as markup', () => {
    const name = '<script>alert("x")</script> & co';
    const row = html`<td>${name}</td>`;
    expect(html`<tr>${row}${[html`<td>${1n}</td>`, null]}</tr>`.value).toBe(
      '<tr><td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</td><td>1</td></tr>',
    );
  });

  it('escapes quotes inside attributes', () => {
    expect(html`<a href="/p/${`" onclick="x`}">`.value).toBe('<a href="/p/&quot; onclick=&quot;x">');
  });
});
