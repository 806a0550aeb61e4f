// Push notifications on this device: subscribe this browser with its push service (the
// service worker receives the messages) and give Hearth the subscription.
(() => {
  const box = document.getElementById("push-this-device");
  const button = document.getElementById("push-subscribe");
  const status = document.getElementById("push-status");
  if (!box || !button || !status) return;
  const say = (key) => { status.textContent = status.dataset[key] || key; };
  const keyBytes = (text) => {
    const padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  };
  const supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (!supported) { say("unsupported"); button.disabled = true; return; }
  navigator.serviceWorker.ready.then((registration) => registration.pushManager.getSubscription()).then((mine) => {
    if (!mine) return;
    document.querySelectorAll(".push-device").forEach((form) => {
      if (form.dataset.endpoint === mine.endpoint) form.querySelector(".push-here").textContent = "(" + status.dataset.here + ")";
    });
  });
  button.addEventListener("click", async () => {
    if ((await Notification.requestPermission()) !== "granted") { say("denied"); return; }
    try {
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.key),
      });
      const json = subscription.toJSON();
      const form = new FormData();
      form.append("endpoint", json.endpoint);
      form.append("p256dh", json.keys.p256dh);
      form.append("auth", json.keys.auth);
      form.append("name", navigator.userAgentData && navigator.userAgentData.platform || navigator.platform || "");
      const token = document.querySelector("input[name=csrfmiddlewaretoken]");
      const answer = await fetch(box.dataset.add, {
        method: "POST", body: form, credentials: "same-origin",
        headers: token ? { "X-CSRFToken": token.value } : {},
      });
      if (answer.ok) { window.location.reload(); return; }
      status.textContent = (await answer.json()).detail;
    } catch (error) {
      say("failed");
    }
  });
})();
