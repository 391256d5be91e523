/**
 * Server-side rich text: Markdown → HTML → sanitizer. A corpus of XSS payloads leaves no script,
 * no event handler, no javascript:/data:/vbscript: URL, no iframe/object/embed/style/form (the
 * output is parsed with parse5, an HTML-spec parser, as a browser would parse it), while benign
 * Markdown still renders. Also through the API: rules and announcement bodies.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { AnnouncementSchema, RulesVersionSchema } from '../../src/contract/index.js';
import type { PartnerkitServer } from '../../server/index.js';
import { SANITIZE_OPTIONS, renderMarkdown, safeUrl, sanitizeRichHtml } from '../../server/richtext.js';
import { api } from './engagement-helpers.js';
import { xssCorpus } from './fixtures/xss-payloads.js';
import { makeServer } from './helpers.js';

interface P5Node {
  nodeName: string;
  tagName?: string;
  attrs?: Array<{ name: string; value: string }>;
  childNodes?: P5Node[];
  content?: P5Node;
}

// parse5 as the server workspace resolves it (its devDependency).
const parse5Path = createRequire(new URL('../../server/package.json', import.meta.url)).resolve('parse5');
const { parseFragment } = (await import(pathToFileURL(parse5Path).href)) as { parseFragment(html: string): P5Node };

const ALLOWED_TAGS = new Set(SANITIZE_OPTIONS.allowedTags as string[]);
const FORBIDDEN_TAGS = ['script', 'iframe', 'object', 'embed', 'style', 'form', 'frame', 'frameset', 'base', 'meta', 'link', 'svg', 'math', 'template', 'applet', 'textarea', 'select', 'button', 'video', 'audio', 'source', 'portal', 'noscript'];
const URL_ATTRS = new Set(['href', 'src']);

/** Everything dangerous in `html` as a browser would parse it; [] when it is safe. */
function dangers(html: string): string[] {
  const found: string[] = [];
  const walk = (n: P5Node) => {
    if (n.tagName) {
      const tag = n.tagName.toLowerCase();
      if (FORBIDDEN_TAGS.includes(tag)) found.push(`<${tag}>`);
      if (!ALLOWED_TAGS.has(tag)) found.push(`unexpected <${tag}>`);
      for (const { name, value } of n.attrs ?? []) {
        const a = name.toLowerCase();
        if (a.startsWith('on')) found.push(`${tag}[${a}]`);
        if (['style', 'srcdoc', 'srcset', 'formaction', 'action', 'background', 'dynsrc', 'lowsrc', 'xlink:href', 'id', 'name'].includes(a)) found.push(`${tag}[${a}]`);
        if (a === 'class' && !(tag === 'code' && /^language-[\w+#-]+$/.test(value))) found.push(`${tag}[class=${value}]`);
        if (tag === 'input' && a === 'type' && value !== 'checkbox') found.push(`input[type=${value}]`);
        if (URL_ATTRS.has(a)) {
          const squashed = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
          if (/^(javascript|data|vbscript|livescript|file):/.test(squashed)) found.push(`${tag}[${a}=${value}]`);
          let protocol = '';
          try {
            protocol = new URL(value).protocol;
          } catch {
            found.push(`${tag}[${a}] not an absolute URL: ${value}`);
          }
          const ok = a === 'href' ? ['http:', 'https:', 'mailto:'] : ['http:', 'https:'];
          if (protocol && !ok.includes(protocol)) found.push(`${tag}[${a}] scheme ${protocol}`);
        }
      }
    }
    for (const c of n.childNodes ?? []) walk(c);
    if (n.content) walk(n.content);
  };
  walk(parseFragment(html));
  return found;
}

describe('rich text: Markdown → sanitized HTML', () => {
  const corpus = xssCorpus();

  it(`the XSS corpus (${corpus.length} payloads) through Markdown → HTML leaves nothing dangerous`, () => {
    assert.ok(corpus.length >= 200, `corpus has ${corpus.length} payloads`);
    const failures: string[] = [];
    for (const payload of corpus) {
      for (const md of [payload, `Intro text.\n\n${payload}\n\nOutro *text*.`, `- item ${payload}`, `| h |\n|---|\n| ${payload.replace(/\n/g, ' ').replace(/\|/g, '\\|')} |`]) {
        const html = renderMarkdown(md);
        const d = dangers(html);
        if (d.length) failures.push(`${JSON.stringify(md)} → ${html} : ${d.join(', ')}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('the same corpus as raw HTML through the sanitizer alone leaves nothing dangerous', () => {
    const failures: string[] = [];
    for (const payload of corpus) {
      const html = sanitizeRichHtml(payload);
      const d = dangers(html);
      if (d.length) failures.push(`${JSON.stringify(payload)} → ${html} : ${d.join(', ')}`);
      // Sanitizing is stable: sanitizing the output again changes nothing dangerous either.
      const twice = sanitizeRichHtml(html);
      if (dangers(twice).length) failures.push(`twice: ${JSON.stringify(payload)}`);
    }
    assert.deepEqual(failures, []);
  });

  it('benign Markdown still renders: headings, lists, emphasis, links, tables, code, quotes, images, task lists', () => {
    const cases: Array<[string, string[]]> = [
      ['# Title', ['<h1>Title</h1>']],
      ['## Sub\n### Subsub', ['<h2>Sub</h2>', '<h3>Subsub</h3>']],
      ['- one\n- two', ['<ul>', '<li>one</li>', '<li>two</li>']],
      ['1. one\n2. two', ['<ol>', '<li>one</li>']],
      ['3. three\n4. four', ['<ol start="3">']],
      ['*em* _em2_ **strong** ~~gone~~', ['<em>em</em>', '<em>em2</em>', '<strong>strong</strong>', '<del>gone</del>']],
      ['[Acme](https://acme.example/a?b=1&c=2 "Home")', ['<a href="https://acme.example/a?b=1&amp;c=2" title="Home" rel="noopener noreferrer nofollow" target="_blank">Acme</a>']],
      ['<https://acme.example/x>', ['<a href="https://acme.example/x" rel="noopener noreferrer nofollow" target="_blank">https://acme.example/x</a>']],
      ['Plain http://acme.example works', ['<a href="http://acme.example"']],
      ['[Write us](mailto:partners@acme.example)', ['<a href="mailto:partners@acme.example">Write us</a>']],
      ['| Left | Center | Right |\n|:--|:-:|--:|\n| a | b | c |', ['<table>', '<thead>', '<th align="left">Left</th>', '<th align="center">Center</th>', '<td align="right">c</td>']],
      ['Inline `x < y` code', ['<code>x &lt; y</code>']],
      ['```ts\nconst a = 1 < 2;\n```', ['<pre><code class="language-ts">const a = 1 &lt; 2;\n</code></pre>']],
      ['> Quoted *text*', ['<blockquote>', '<em>text</em>']],
      ['a\n\n---\n\nb', ['<hr />']],
      ['![Logo](https://acme.example/logo.png "Our logo")', ['<img alt="Logo" title="Our logo" src="https://acme.example/logo.png" />']],
      ['- [x] done\n- [ ] todo', ['<input type="checkbox" disabled checked />', '<input type="checkbox" disabled />']],
      ['Fish & chips < 5 > 3 "quoted"', ['Fish &amp; chips &lt; 5 &gt; 3']],
      ['Text with <b>raw</b> HTML', ['Text with &lt;b&gt;raw&lt;/b&gt; HTML']],
    ];
    for (const [md, expected] of cases) {
      const html = renderMarkdown(md);
      assert.deepEqual(dangers(html), [], md);
      for (const e of expected) assert.ok(html.includes(e), `${JSON.stringify(md)} renders ${e}; got ${html}`);
    }
    // Link text of a refused link survives; only the URL goes.
    assert.equal(renderMarkdown('[click me](javascript:alert(1))'), '<p><a>click me</a></p>\n');
  });

  it('safeUrl: absolute http, https, mailto only', () => {
    const schemes = ['http:', 'https:', 'mailto:'];
    for (const ok of ['https://a.example', 'http://a.example/x?y#z', 'mailto:a@b.example', 'HTTPS://A.EXAMPLE']) assert.equal(safeUrl(ok, schemes), ok);
    for (const bad of ['javascript:alert(1)', '/relative', '#frag', '//proto.example', 'data:,x', 'java\tscript:x', 'ftp://a.example', '', undefined, 'https:\u0000//x']) {
      assert.equal(safeUrl(bad, schemes), null, String(bad));
    }
  });

  describe('through the API', () => {
    let srv: PartnerkitServer;
    before(async () => {
      srv = await makeServer({ jobIntervalMs: 0 });
    });
    after(() => srv.close());

    it('announcement and rules bodies come back as Markdown source plus safe HTML', async () => {
      const cm = await api(srv, 'u_cm', null);
      const sample = corpus.filter((_, i) => i % 6 === 0);
      for (const payload of sample) {
        const res = await cm.post('/v1/announcements', { title: payload.slice(0, 200).trim() || 'x', body: payload });
        assert.equal(res.status, 201, await res.clone().text());
        const a = AnnouncementSchema.parse(await res.json());
        assert.equal(a.body, payload.trim(), 'the Markdown source is kept for editors');
        assert.deepEqual(dangers(a.bodyHtml), [], payload);
      }
      const rules = await cm.post('/v1/rules', { title: '<script>alert(1)</script>', body: corpus.join('\n\n'), summary: '<img src=x onerror=alert(1)>' });
      assert.equal(rules.status, 201);
      const r = RulesVersionSchema.parse(await rules.json());
      assert.deepEqual(dangers(r.bodyHtml), []);
      // Plain-text fields are data, returned as typed (the SDK renders them as text, never as HTML).
      assert.equal(r.title, '<script>alert(1)</script>');
      const rep = await api(srv, 'u_nw_rep', 'p_northwind');
      const feed = (await rep.json<{ items: Array<{ bodyHtml: string }> }>('/v1/announcements?limit=100')).items;
      for (const item of feed) assert.deepEqual(dangers(item.bodyHtml), []);
    });
  });
});
