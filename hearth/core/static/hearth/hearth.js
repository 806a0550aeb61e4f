// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    document.querySelectorAll("details.menu[open]").forEach((menu) => menu.removeAttribute("open"));
  }
});
document.addEventListener("click", (event) => {
  document.querySelectorAll("details.menu[open]").forEach((menu) => {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  });
});

// @mention typeahead for every textarea marked data-mentions: asks the people API (the
// session is the credential) and inserts @username. Without JavaScript people type it.
(() => {
  let list = null;
  let target = null;
  let timer = null;
  const close = () => { if (list) list.remove(); list = null; };
  const wordBefore = (area) => {
    const upto = area.value.slice(0, area.selectionStart);
    const match = upto.match(/(?:^|[^\w@])@([\w.-]{1,30})$/);
    return match ? match[1] : null;
  };
  const insert = (username) => {
    const area = target;
    const upto = area.value.slice(0, area.selectionStart);
    const start = upto.lastIndexOf("@");
    area.value = area.value.slice(0, start) + "@" + username + " " + area.value.slice(area.selectionStart);
    const caret = start + username.length + 2;
    area.setSelectionRange(caret, caret);
    area.focus();
    close();
  };
  const show = (area, people) => {
    close();
    if (!people.length) return;
    list = document.createElement("div");
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    people.forEach((person, index) => {
      const option = document.createElement("button");
      option.type = "button";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", index === 0 ? "true" : "false");
      option.dataset.username = person.username;
      option.textContent = `${person.display_name} (@${person.username})`;
      option.addEventListener("mousedown", (event) => { event.preventDefault(); insert(person.username); });
      list.appendChild(option);
    });
    area.insertAdjacentElement("afterend", list);
  };
  document.addEventListener("input", (event) => {
    const area = event.target;
    if (!(area instanceof HTMLTextAreaElement) || !area.hasAttribute("data-mentions")) return;
    target = area;
    const word = wordBefore(area);
    clearTimeout(timer);
    if (!word) { close(); return; }
    timer = setTimeout(async () => {
      const response = await fetch(`/api/v1/people?limit=6&q=${encodeURIComponent(word)}`, {
        credentials: "same-origin", headers: { Accept: "application/json" },
      });
      if (response.ok) show(area, (await response.json()).items);
    }, 200);
  });
  document.addEventListener("keydown", (event) => {
    if (!list || event.target !== target) return;
    const options = [...list.querySelectorAll("button")];
    const current = options.findIndex((o) => o.getAttribute("aria-selected") === "true");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = (current + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
      options.forEach((o, i) => o.setAttribute("aria-selected", i === next ? "true" : "false"));
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      insert(options[Math.max(0, current)].dataset.username);
    } else if (event.key === "Escape") {
      close();
    }
  });
  document.addEventListener("focusout", (event) => { if (event.target === target) setTimeout(close, 150); });
})();

// Forms marked data-confirm ask before they submit (no inline handlers in the markup).
document.addEventListener("submit", (event) => {
  const message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});

// The community form is guided: the charter only shows for a community of purpose.
(() => {
  const form = document.querySelector("[data-community-form]");
  if (!form) return;
  const kind = form.querySelector("[name=kind]");
  const update = () => {
    form.querySelectorAll("[data-charter]").forEach((part) => { part.hidden = kind.value !== "purpose"; });
  };
  kind.addEventListener("change", update);
  update();
})();

// Live updates (server-sent events, htmx's sse extension): the page notes whether it listens,
// (body[data-live]); a lost connection dims the bell until the browser reconnects.
document.addEventListener("htmx:sseOpen", () => { document.body.dataset.live = "on"; });
document.addEventListener("htmx:sseError", () => { document.body.dataset.live = "off"; });

// The installable app: a service worker keeps the last pages read for reading offline. A page
// shown to nobody signed in wipes whatever a device kept (the sign-out response does too).
(() => {
  const body = document.body;
  if (!("serviceWorker" in navigator) || !body || !body.dataset.worker) return;
  if (body.dataset.signedIn !== "yes") {
    if ("caches" in window) ["hearth-pages", "hearth-meta"].forEach((name) => caches.delete(name));
    return;
  }
  navigator.serviceWorker.register(body.dataset.worker, { scope: "/" }).catch(() => {});
})();

// Pull to refresh: on a touch screen, pulling a feed down from the top of the page fetches the
// page again and swaps in its fresh feed (and the "new posts" notice), keeping the scroll and
// the rest of the page. The feed element carries the words to show, in the reader's language.
(() => {
  const feed = document.getElementById("feed");
  if (!feed || !feed.dataset.pull) return;
  const REACH = 80;  // pixels of pull that mean "refresh"
  const bar = document.createElement("div");
  bar.className = "pull-refresh";
  bar.setAttribute("role", "status");
  bar.setAttribute("aria-live", "polite");
  feed.before(bar);
  let start = null;
  let pulled = 0;
  const show = (state, text) => { bar.dataset.state = state; bar.textContent = text; };
  const refresh = async () => {
    const current = document.getElementById("feed");
    show("loading", current.dataset.loading);
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const id of ["feed", "new-posts"]) {
        const now = document.getElementById(id);
        const next = fresh.getElementById(id);
        if (now && next) {
          now.replaceWith(next);
          if (window.htmx) window.htmx.process(next);
        }
      }
    } finally {
      show("", "");
    }
  };
  document.addEventListener("touchstart", (event) => {
    start = window.scrollY <= 0 && event.touches.length === 1 ? event.touches[0].clientY : null;
    pulled = 0;
  }, { passive: true });
  document.addEventListener("touchmove", (event) => {
    if (start === null || bar.dataset.state === "loading") return;
    pulled = event.touches[0].clientY - start;
    const words = document.getElementById("feed").dataset;
    if (pulled > 10) show(pulled > REACH ? "ready" : "pull", pulled > REACH ? words.release : words.pull);
  }, { passive: true });
  document.addEventListener("touchend", () => {
    if (start !== null && pulled > REACH) refresh().catch(() => {});  // offline: the feed stays
    else if (bar.dataset.state !== "loading") show("", "");
    start = null;
  });
})();

// Something this person read may be hidden now (the live stream says "offline"): the device
// checks within a few seconds and forgets the pages it kept for reading offline if so. A post
// hidden company-wide reaches every open page at once: the random delay spreads their checks.
document.addEventListener("sse:offline", () => {
  const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (worker) setTimeout(() => worker.postMessage("check"), Math.random() * 5000);
});
