// Wall screens are unattended: the Blazor circuit must recover without anyone touching them.
// Retry the circuit with backoff; when it cannot resume (server restarted, retries exhausted),
// wait until the server answers again and reload the page. Reloading while the server is down
// would leave the browser on an error page forever, so we poll first.
(() => {
  let reloading = false;

  function reloadWhenServerAnswers() {
    if (reloading) {
      return;
    }
    reloading = true;
    const attempt = async () => {
      try {
        const response = await fetch(location.href, { cache: "no-store", credentials: "same-origin" });
        if (response.ok) {
          location.reload();
          return;
        }
      } catch {
        // still down
      }
      setTimeout(attempt, 2000);
    };
    attempt();
  }

  document.addEventListener("DOMContentLoaded", () => {
    const banner = document.getElementById("components-reconnect-modal");
    banner?.addEventListener("components-reconnect-state-changed", (event) => {
      const state = event.detail.state;
      banner.dataset.state = state;
      if (state === "failed" || state === "rejected" || state === "resume-failed") {
        reloadWhenServerAnswers();
      }
    });
  });

  Blazor.start({
    circuit: {
      reconnectionOptions: {
        maxRetries: 10,
        retryIntervalMilliseconds: (previousAttempts) => Math.min(500 * 2 ** previousAttempts, 5000),
      },
    },
  });
})();
