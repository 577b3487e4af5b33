// The /login page's waiting: learns the outcome of the login request at once through Server-Sent
// Events, or by polling (RFC 8628: interval, slow_down) where events are not available. The server
// decides everything; this only asks at the right moments. Without script, "Check now" does it.
(function () {
  'use strict';
  var request = document.getElementById('request');
  var form = document.getElementById('check');
  if (!request || !form) {
    return;
  }

  var status = document.getElementById('status');
  var finished = false;

  // Approved or refused: the form's POST completes the login (or shows the refusal); expired: a new request.
  function outcome(state) {
    if (finished) {
      return;
    }
    finished = true;
    if (state === 'expired' || state === 'gone') {
      status.textContent = 'This request expired; starting a new one…';
      window.location.replace('/login');
    } else {
      status.textContent = state === 'approved' ? 'Confirmed. Logging you in…' : 'Refused in Telegram.';
      form.submit();
    }
  }

  function poll(seconds) {
    window.setTimeout(function () {
      fetch('/login/poll', { method: 'POST', credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (answer) {
          if (answer.ok) {
            finished = true;
            window.location.assign(answer.body.redirect || '/me');
            return;
          }
          switch (answer.body.error) {
            case 'authorization_pending': poll(answer.body.interval || seconds); break;
            case 'slow_down': poll(answer.body.interval || seconds + 5); break;
            case 'access_denied': outcome('denied'); break;
            case 'expired_token': outcome('expired'); break;
            default: outcome('gone');
          }
        })
        .catch(function () { poll(seconds * 2); });
    }, seconds * 1000);
  }

  var interval = parseInt(request.getAttribute('data-interval'), 10) || 5;
  if (!('EventSource' in window)) {
    poll(0);
    return;
  }

  var events = new EventSource('/login/events');
  ['approved', 'denied', 'expired', 'gone'].forEach(function (name) {
    events.addEventListener(name, function () {
      events.close();
      outcome(name);
    });
  });
  events.onerror = function () {
    // The stream is gone for good (a proxy that buffers, an old server): poll instead.
    if (events.readyState === EventSource.CLOSED && !finished) {
      poll(interval);
    }
  };
})();
