// The offline page lists the pages this device kept, by their titles, newest first.
(async () => {
  const list = document.getElementById("kept-pages");
  if (!list || !("caches" in window)) return;
  const cache = await caches.open("hearth-pages");
  const requests = (await cache.keys()).reverse();
  for (const request of requests) {
    const response = await cache.match(request);
    const html = response ? await response.text() : "";
    const title = new DOMParser().parseFromString(html, "text/html").title || request.url;
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = request.url;
    link.textContent = title;
    item.appendChild(link);
    list.appendChild(item);
  }
  if (!requests.length) {
    const item = document.createElement("li");
    item.textContent = list.dataset.empty;
    list.appendChild(item);
  }
})();
