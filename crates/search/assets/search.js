/* ogi client-side search, index format 3 (crates/search/FORMAT.md). Plain ES2020, no
   dependencies; it only fetches files under its own search folder. URL -> tokens (characters,
   pairs, digit runs) -> hashed index shards -> AND of postings -> filters -> ranking -> each
   shown candidate is verified against its compressed document file -> results with <mark>ed
   excerpts. Data is only ever inserted as text (textContent, Option), never as HTML. */
(() => {
  'use strict';
  const BASE = new URL(document.currentScript.dataset.index || 'search/', location.href);
  const PER_PAGE = 10;
  const KEYS = ['q', 'year', 'district', 'level', 'edition', 'sort', 'page'];
  const FILTERS = ['year', 'district', 'level', 'edition']; // the fields of attrs, in order
  const $ = (id) => document.getElementById('search-' + id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  if (performance.setResourceTimingBufferSize) performance.setResourceTimingBufferSize(5000);

  // ---- Normalization and tokens, exactly as the Rust builder does them ----
  function normalize(s) { // one character for one, so positions match the original
    let out = '';
    for (const ch of s) {
      let c = ch.codePointAt(0);
      if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0; // full-width ASCII
      else if (c === 0x3000) c = 32; // ideographic space
      if (c >= 65 && c <= 90) c += 32; // lower case
      out += c < 0x10000 ? String.fromCharCode(c) : ch;
    }
    return out;
  }
  const isWord = (c) => (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c === 0x3007 ||
    (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x20000 && c <= 0x2fa1f);
  /** The maximal runs of word characters of a normalized query. */
  const segments = (norm) => Array.from(norm, (ch) => (isWord(ch.codePointAt(0)) ? ch : ' '))
    .join('').split(' ').filter(Boolean);
  const pairs = (seg) => { const a = Array.from(seg); return a.slice(1).map((ch, i) => a[i] + ch); };
  const digit = (ch) => ch >= '0' && ch <= '9';
  /** The tokens that every text containing `seg` has, and whether they prove it does. A digit
      run inside the segment with a character either side (at most 4 digits) is one token
      (开1件), a longer or edge run its runs of 4 (or the run of 3); the pairs those cover are
      left out. A single character is its own token. `cover`: fewer of them that still touch
      every character (every other pair), enough to find a rare phrase. */
  function segTokens(seg) {
    const a = Array.from(seg);
    if (a.length === 1) return { tokens: a, cover: a, exact: true };
    const covered = new Array(a.length).fill(false), out = [];
    for (let i = 0; i < a.length;) {
      if (!digit(a[i])) { i++; continue; }
      const s = i;
      while (i < a.length && digit(a[i])) i++;
      if (s > 0 && i < a.length && i - s <= 4) {
        const from = s >= 3 && i - s <= 2 ? s - 3 : s - 1; // 以公开1件, else 开1件
        out.push(a.slice(from, i + 1).join(''));
        covered.fill(true, from, i + 1);
      } else if (i - s >= 3) {
        const n = Math.min(4, i - s);
        for (let j = s; j + n <= i; j++) out.push(a.slice(j, j + n).join(''));
        covered.fill(true, s, i);
      }
    }
    const exact = a.length === 2 || (out.length === 1 && covered.every(Boolean));
    const cover = [...out], touched = [...covered];
    for (let i = 0; i + 1 < a.length; i++) {
      if (covered[i] && covered[i + 1]) continue;
      out.push(a[i] + a[i + 1]);
      if (!touched[i] || !touched[i + 1] && i + 2 === a.length) {
        cover.push(a[i] + a[i + 1]);
        touched[i] = touched[i + 1] = true;
      }
    }
    return { tokens: out, cover, exact };
  }
  const utf8 = new TextEncoder();
  function shardOf(token, shards) { // FNV-1a, 32 bits, over the UTF-8 bytes, "^" left out
    let h = 2166136261;
    for (const b of utf8.encode(token.replace(/^\^/, ''))) h = Math.imul(h ^ b, 16777619);
    return (h >>> 0) % shards;
  }

  // ---- Fetching (each file once per page view) and decoding ----
  const cache = new Map();
  function get(path, type) {
    if (!cache.has(path)) {
      cache.set(path, fetch(new URL(path, BASE)).then((r) => {
        if (!r.ok) throw new Error(r.status + ' ' + path);
        return r[type]();
      }).catch((e) => { cache.delete(path); throw e; }));
    }
    return cache.get(path);
  }
  function unbase64(s) {
    const bin = atob(s), a = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) a[i] = bin.charCodeAt(i);
    return a;
  }
  /** A posting list of form "b" (bitmap), "d" (LEB128 deltas of its ids) or "n" (those of
      the ids it lacks) over bytes, as a bitmap of n documents. */
  function bitmap(form, bytes, n) {
    const bits = new Uint8Array((n + 7) >> 3);
    if (form === 'b') { bits.set(bytes.subarray(0, bits.length)); return bits; }
    const lacks = form === 'n';
    if (lacks) for (let i = 0; i < n; i++) bits[i >> 3] |= 1 << (i & 7);
    let id = 0, v = 0, shift = 0;
    for (const x of bytes) {
      v += (x & 127) * 2 ** shift;
      if (x & 128) { shift += 7; continue; }
      id += v; v = 0; shift = 0; // the first id, then differences
      if (id < n) bits[id >> 3] = lacks ? bits[id >> 3] & ~(1 << (id & 7)) : bits[id >> 3] | (1 << (id & 7));
    }
    return bits;
  }
  /** A shard's entry (base64 after its form) as a bitmap; a token missing occurs nowhere. */
  const entry = (code, n) => (code ? bitmap(code[0], unbase64(code.slice(1)), n) : new Uint8Array((n + 7) >> 3));
  /** A spilled list's file (search/post/): its form byte, then raw bytes. */
  async function postFile(path, n) {
    const b = new Uint8Array(await get(path, 'arrayBuffer'));
    return bitmap(String.fromCharCode(b[0]), b.subarray(1), n);
  }
  const hex = (t) => Array.from(utf8.encode(t), (x) => x.toString(16).padStart(2, '0')).join('');
  const and = (acc, b, from = 0) => { for (let j = 0; j < b.length; j++) acc[from + j] &= b[j]; };
  /** ANDs a spilled list ("p" + count [+ "." + mask of its blocks]) into acc: the blocks that
      hold a candidate of acc when they are at most half of its blocks, else the whole list. */
  async function narrow(t, code, acc, meta) {
    const [, mask = ''] = code.slice(1).split('.'), name = hex(t), B = meta.block, n = meta.docs;
    const inMask = (b) => (parseInt(mask[b >> 2] || '0', 16) >> (b & 3)) & 1;
    const need = [];
    let present = 0;
    for (let b = 0; b * B < n; b++) {
      present += inMask(b);
      const lo = (b * B) >> 3, hi = Math.min(acc.length, ((b + 1) * B) >> 3);
      if (!acc.subarray(lo, hi).some(Boolean)) continue;
      if (inMask(b)) need.push(b);
      else if (mask) acc.fill(0, lo, hi); // an empty block: no candidate there has the token
    }
    if (!mask || need.length * 2 > present) return and(acc, await postFile(`post/${name}.bin`, n));
    const blocks = await Promise.all(need.map((b) => postFile(`post/${name}/${b}.bin`, Math.min(B, n - b * B))));
    need.forEach((b, i) => and(acc, blocks[i], (b * B) >> 3));
  }
  /** The documents in every token's posting list (and in `within`, when given). The shards
      first; then the spilled lists, the one of fewest documents whole when nothing else
      narrows, the others only in the blocks where candidates remain. */
  async function every(tokens, meta, within) {
    tokens = [...new Set(tokens)];
    const shards = await Promise.all(tokens.map((t) => get(`index/${shardOf(t, meta.shards)}.json`, 'json')));
    let acc = within ? within.slice() : null;
    const spilled = [];
    tokens.forEach((t, i) => {
      const code = shards[i][t];
      if (code && code[0] === 'p') spilled.push([t, code, parseInt(code.slice(1), 10)]);
      else if (acc) and(acc, entry(code, meta.docs));
      else acc = entry(code, meta.docs);
    });
    spilled.sort((a, b) => a[2] - b[2]);
    if (!acc && spilled.length) acc = await postFile(`post/${hex(spilled.shift()[0])}.bin`, meta.docs);
    if (!acc) return new Uint8Array((meta.docs + 7) >> 3).fill(255);
    await Promise.all(spilled.map(([t, code]) => narrow(t, code, acc, meta)));
    return acc;
  }
  const has = (bits, i) => (bits[i >> 3] >> (i & 7)) & 1;

  // ---- URL state, meta.json and the form ----
  function readState() {
    const p = new URLSearchParams(location.search), s = {};
    for (const k of KEYS) s[k] = (p.get(k) || '').trim();
    s.sort = s.sort === 'year' ? 'year' : 'relevance';
    s.page = Math.max(1, parseInt(s.page, 10) || 1);
    return s;
  }
  function urlFor(s) { // defaults (relevance, page 1, empty values) are left out
    const p = new URLSearchParams();
    for (const k of KEYS) {
      if (s[k] && !(k === 'sort' && s[k] === 'relevance') && !(k === 'page' && +s[k] === 1)) p.set(k, s[k]);
    }
    return location.pathname + (p.toString() ? '?' + p : '');
  }
  let meta = null, attrs = null, yearOf = null, attrBits = null, attrShift = null, attrWidth = 0;
  const LABEL = { year: ' 年', edition: ' 年版' };
  async function loadMeta() {
    if (meta) return;
    const m = await get('meta.json', 'json');
    if (m.version !== 3) throw new Error('index version ' + m.version);
    yearOf = new Uint16Array(m.docs); // position in m.years, from runs in id order
    let at = 0;
    for (const [y, n] of m.year_runs) { yearOf.fill(y, at, at + n); at += n; }
    meta = m;
    const options = {
      year: [...m.years].sort((a, b) => b - a).map((y) => [y, y + LABEL.year]),
      district: m.districts.filter((d) => d[0]), // "" = reports outside every district
      level: m.levels,
      edition: [...m.editions].sort().map((e) => [e, e + LABEL.edition]),
    };
    for (const f of FILTERS) {
      const sel = $(f);
      if (!sel) continue;
      while (sel.options.length > 1) sel.remove(1); // keep the first, "全部…"
      for (const [v, label] of options[f]) sel.add(new Option(label, v));
    }
  }
  /** Shows a state in the form (the menus once meta.json has filled them). A filter value
      from the URL that no report has gets its own option: it still filters, finding nothing. */
  function fillForm(s) {
    $('q').value = s.q;
    for (const k of [...FILTERS, 'sort']) {
      const sel = $(k);
      if (!sel || (!meta && k !== 'sort')) continue;
      sel.value = s[k];
      if (sel.value !== s[k]) sel.add(new Option(s[k] + (LABEL[k] || ''), s[k], true, true));
      for (const o of sel.options) o.defaultSelected = o.selected; // also as [selected]
    }
  }
  /** attrs.json, only needed to filter by district, level or edition: each document's
      positions packed in `bits` bits per field (field 0 lowest), `width` bytes per document. */
  async function loadAttrs() {
    if (attrs) return;
    const a = await get('attrs.json', 'json');
    attrBits = a.bits;
    attrShift = attrBits.map((_, k) => attrBits.slice(0, k).reduce((s, b) => s + b, 0));
    attrWidth = Math.ceil(attrBits.reduce((s, b) => s + b, 0) / 8);
    attrs = unbase64(a.attrs);
  }
  function attr(id, k) {
    if (k === 0) return yearOf[id];
    let v = 0; // bit by bit, highest first: a field may be wider than JavaScript's 32-bit operators
    for (let b = attrBits[k] - 1; b >= 0; b--) {
      const at = attrShift[k] + b;
      v = v * 2 + ((attrs[id * attrWidth + (at >> 3)] >> (at & 7)) & 1);
    }
    return v;
  }
  /** A document file: raw DEFLATE of its result row (JSON), a line break and its text. */
  function docFile(id) {
    const path = `doc/${id}.z`, key = 'decoded:' + path;
    if (!cache.has(key)) {
      cache.set(key, get(path, 'arrayBuffer').then(async (buf) => {
        const plain = await new Response(new Blob([buf]).stream()
          .pipeThrough(new DecompressionStream('deflate-raw'))).text();
        const nl = plain.indexOf('\n'), text = plain.slice(nl + 1);
        return { row: JSON.parse(plain.slice(0, nl)), text, norm: normalize(text) };
      }).catch((e) => { cache.delete(key); throw e; }));
    }
    return cache.get(key);
  }

  // ---- Rendering ----
  const setStatus = (text) => { $('status').textContent = text; };
  /** About 60 characters from 20 before the first match in the prose [from, to) (else the
      first anywhere), every segment in <mark>. */
  function excerpt(text, norm, segs, from, to) {
    const inProse = segs.map((g) => norm.indexOf(g, from)).filter((p) => p >= 0 && p + 1 <= to);
    const first = inProse.length ? Math.min(...inProse)
      : Math.min(...segs.map((g) => norm.indexOf(g)).filter((p) => p >= 0));
    let b = Math.min(text.length, Math.max(0, first - 20) + 60), a = Math.max(0, b - 60);
    if (/[\udc00-\udfff]/.test(text[a])) a++; // keep surrogate pairs whole
    if (/[\ud800-\udbff]/.test(text[b - 1])) b--;
    const win = norm.slice(a, b), src = text.slice(a, b), marks = [];
    for (const g of segs) {
      for (let p = win.indexOf(g); p >= 0; p = win.indexOf(g, p + g.length)) marks.push([p, p + g.length]);
    }
    marks.sort((x, y) => x[0] - y[0]);
    const out = el('p', 'result-excerpt');
    const plain = (t) => out.append(t.replace(/\s+/g, ' '));
    if (a > 0) out.append('…');
    let at = 0, last = null;
    for (const [s, e] of marks) {
      if (e <= at) continue;
      if (s < at) { last.textContent += src.slice(at, e); at = e; continue; } // overlapping
      plain(src.slice(at, s));
      last = out.appendChild(el('mark', null, src.slice(s, e)));
      at = e;
    }
    plain(src.slice(at));
    if (b < text.length) out.append('…');
    return out;
  }
  function result(hit, segs) {
    const [title, url, year, body, district, level, edition, , errors, from, to] = hit.row;
    const li = el('li', 'search-result');
    const link = li.appendChild(el('a', 'result-title', title));
    link.href = /^(\/|[a-z][a-z\d+.-]*:)/i.test(url) ? url : new URL(url, new URL('../', BASE)).href; // relative: to the site root
    const facts = [year + ' 年度', body, district, level, edition && edition + ' 年版'];
    const line = li.appendChild(el('p', 'result-meta', facts.filter(Boolean).join(' · ')));
    if (errors > 0) { // a flagged report: published as it is, with arithmetic errors
      line.append(' ', el('span', 'badge badge-error result-flag', `勾稽关系错误 ${errors}`));
    }
    li.append(excerpt(hit.text, hit.norm, segs, from, to));
    return li;
  }
  function pager(s, pages, more) {
    const nav = $('pager');
    const link = (page, text, rel) => {
      const a = nav.appendChild(el('a', 'pager-' + rel, text));
      a.href = urlFor({ ...s, page });
      a.rel = rel;
    };
    if (pages < 2) return;
    if (s.page > 1) link(s.page - 1, '上一页', 'prev');
    nav.append(el('span', 'pager-current', `第 ${s.page} / ${pages} 页`));
    if (more) link(s.page + 1, '下一页', 'next');
  }
  function downloaded() {
    let n = 0;
    for (const type of ['navigation', 'resource']) {
      for (const e of performance.getEntriesByType(type)) n += e.encodedBodySize || e.transferSize || e.decodedBodySize || 0;
    }
    return n;
  }

  // ---- Verification ----
  // A pair match is only a candidate: a page verifies candidates in rank order until it holds
  // 10, so only the shown reports (and false positives among them) are downloaded. memo.pages
  // keeps the candidate ranks [lo, hi) each page used: the next page goes on where the previous
  // stopped, the page before ends where it starts. A page opened cold starts at (page - 1) * 10.
  let memo = null;
  async function fill(m, cands, segs, exact, at, back) {
    const got = [];
    let lo = at, hi = at;
    while (got.length < PER_PAGE && (back ? lo > 0 : hi < cands.length)) {
      // Ask for more texts at once when many of this query's candidates were false.
      const n = Math.ceil((PER_PAGE - got.length) * Math.min(4, (m.dropped.size + m.ok.size + 1) / (m.ok.size + 1)));
      const batch = back ? cands.slice(Math.max(0, lo - n), lo).reverse() : cands.slice(hi, hi + n);
      const files = await Promise.all(batch.map((c) => docFile(c.id)));
      for (let i = 0; i < batch.length && got.length < PER_PAGE; i++) {
        const c = batch[i], f = files[i];
        if (back) lo--; else hi++;
        // Exact tokens need no check; the text is still what the excerpt is cut from.
        if (!exact && !segs.every((g) => f.norm.includes(g))) { m.dropped.add(c.id); continue; }
        m.ok.add(c.id);
        got[back ? 'unshift' : 'push']({ ...c, ...f });
      }
    }
    return { lo, hi, got };
  }

  // ---- One search ----
  let runId = 0;
  async function run(s, focusResults) {
    const my = ++runId, list = $('results');
    delete document.body.dataset.searchDone;
    let count = 0;
    try {
      list.replaceChildren();
      $('pager').replaceChildren();
      const segs = segments(normalize(s.q)), perSeg = segs.map(segTokens);
      const tokens = perSeg.flatMap((t) => t.tokens), exact = perSeg.every((t) => t.exact);
      const cover = perSeg.flatMap((t) => t.cover);
      // The title tier: every pair of the query (every character of a one-character segment)
      // in the title or body name.
      const titleTokens = segs.flatMap((g) => (g.length === 1 ? [g] : pairs(g))).map((t) => '^' + t);
      if (tokens.length) setStatus('正在搜索…');
      await loadMeta();
      if (my !== runId) return;
      fillForm(s);
      if (!s.q) setStatus('');
      else if (!tokens.length) setStatus('请输入要查找的文字');
      else {
        const want = [meta.years, meta.districts, meta.levels, meta.editions].map((values, k) =>
          s[FILTERS[k]] ? values.findIndex((v) => String(Array.isArray(v) ? v[0] : v) === s[FILTERS[k]]) : null);
        if (want.slice(1).some((w) => w !== null)) await loadAttrs();
        // First the covering tokens (a rare phrase is found with half the shards), then, when
        // several reports remain to be ordered, every token: the candidates of every token
        // and the title tier, whose tokens share those shards.
        let hits = await every(cover, meta);
        const matching = (bits) => { let n = 0; for (let i = 0; i < meta.docs && n < 2; i++) n += has(bits, i); return n; };
        if (cover.length < tokens.length && matching(hits) > 1) hits = await every(tokens, meta, hits);
        if (my !== runId) return;
        const cands = [];
        for (let i = 0; i < meta.docs; i++) {
          if (has(hits, i) && want.every((w, k) => w === null || attr(i, k) === w)) { // -1 matches none
            cands.push({ id: i, tier: 1, year: meta.years[attr(i, 0)] });
          }
        }
        if (cands.length > 1) { // the title tier only matters to order several (saves downloads)
          const of = new Uint8Array((meta.docs + 7) >> 3);
          for (const c of cands) of[c.id >> 3] |= 1 << (c.id & 7);
          const inTitle = await every(titleTokens, meta, of); // only the candidates' blocks
          if (my !== runId) return;
          for (const c of cands) c.tier = has(inTitle, c.id) ? 0 : 1;
        }
        // Title tier first, then newest year, then id; sort=year swaps the first two.
        const byTier = (a, b) => a.tier - b.tier, byYear = (a, b) => b.year - a.year;
        const [k1, k2] = s.sort === 'year' ? [byYear, byTier] : [byTier, byYear];
        cands.sort((a, b) => k1(a, b) || k2(a, b) || a.id - b.id);
        s.page = Math.min(s.page, Math.ceil(cands.length / PER_PAGE) || 1);
        const key = JSON.stringify([s.q, s.sort, ...FILTERS.map((f) => s[f])]);
        if (memo?.key !== key) memo = { key, pages: new Map(), dropped: new Set(), ok: new Set() };
        const [known, prev, next] = [0, -1, 1].map((d) => memo.pages.get(s.page + d));
        const span = await (known ? fill(memo, cands, segs, exact, known[0], false)
          : prev ? fill(memo, cands, segs, exact, prev[1], false)
          : next ? fill(memo, cands, segs, exact, next[0], true)
          : fill(memo, cands, segs, exact, (s.page - 1) * PER_PAGE, false));
        if (my !== runId) return;
        memo.pages.set(s.page, [span.lo, span.hi]);
        count = cands.length - memo.dropped.size; // exact once every candidate is checked
        const counted = exact || memo.ok.size + memo.dropped.size >= cands.length;
        if (!span.got.length && s.page > 1) { // the rest were false positives
          s.page--;
          return run(s, focusResults);
        }
        history.replaceState(null, '', urlFor(s)); // the page may have been corrected
        if (!span.got.length) setStatus(`没有找到与“${s.q}”相关的报告`);
        else {
          list.append(...span.got.map((h) => result(h, segs)));
          // Characters and pairs are exact; longer phrases are counted by their tokens until
          // every candidate has been checked, an upper bound: say so.
          setStatus(counted ? `找到 ${count} 条结果` : `找到约 ${count} 条结果（按字词索引估计，最多 ${count} 条）`);
          document.body.dataset.searchExact = counted ? '1' : '0';
          const more = span.hi < cands.length;
          pager(s, Math.max(Math.ceil(count / PER_PAGE), s.page + (more ? 1 : 0)), more);
          if (focusResults) list.focus();
        }
      }
    } catch (e) {
      if (my !== runId) return;
      setStatus('搜索暂时无法使用，请稍后再试。');
      console.error(e);
    }
    await new Promise((r) => setTimeout(r)); // let the last resource timing entries land
    if (my !== runId) return;
    Object.assign(document.body.dataset, { searchDone: '1', searchBytes: downloaded(), searchCount: count });
  }

  // ---- Wiring ----
  function start() {
    const form = $('form'), list = $('results');
    if (!form || !list) return;
    list.tabIndex = -1; // focused after a page change
    const fromUrl = (focus) => { const s = readState(); fillForm(s); run(s, focus); };
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const s = { q: $('q').value.trim(), sort: $('sort')?.value || 'relevance', page: 1 };
      for (const f of FILTERS) s[f] = $(f)?.value || '';
      history.replaceState(null, '', urlFor(s));
      run(s, false);
    });
    $('pager').addEventListener('click', (ev) => { // pages change in place; Back still works
      const a = ev.target.closest('a');
      if (!a || ev.button || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      history.pushState(null, '', a.href);
      fromUrl(true);
    });
    window.addEventListener('popstate', () => fromUrl(false));
    fromUrl(false);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
