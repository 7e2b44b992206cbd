/* ogi search loader (search/search.js). The client is the largest file of a cold search and a
   static host cannot be assumed to compress it, so it is served as search/client.z (raw DEFLATE
   of the client, crates/search/FORMAT.md) and run from here as a script of its own. */
(() => {
  'use strict';
  const base = new URL(document.currentScript.dataset.index || 'search/', location.href);
  fetch(new URL('client.z', base)).then((r) => {
    if (!r.ok) throw new Error(r.status + ' client.z');
    return new Response(r.body.pipeThrough(new DecompressionStream('deflate-raw'))).text();
  }).then((js) => {
    const s = document.createElement('script');
    s.dataset.index = base.href; // the client reads its folder from its own script element
    s.src = URL.createObjectURL(new Blob([js], { type: 'text/javascript' }));
    document.body.append(s);
  }).catch((e) => {
    const status = document.getElementById('search-status');
    if (status) status.textContent = '搜索暂时无法使用，请稍后再试。';
    console.error(e);
  });
})();
