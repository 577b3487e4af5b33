// The Mini App (/app): signs in with the initData Telegram hands the page, then shows the member's
// profile and the coming events with RSVP through the JSON API. The token lives in this page's
// memory only; every call sends it as a Bearer token.
(function () {
  'use strict';
  var status = document.getElementById('app-status');
  var token = null;

  function initData() {
    var webApp = window.Telegram && window.Telegram.WebApp;
    if (webApp && webApp.initData) {
      return webApp.initData;
    }
    // Telegram also passes it in the fragment, for clients without its script.
    var hash = new URLSearchParams(window.location.hash.slice(1));
    return hash.get('tgWebAppData');
  }

  function api(method, path, body) {
    var headers = { 'Accept': 'application/json' };
    if (token) {
      headers['Authorization'] = 'Bearer ' + token;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(method + ' ' + path + ': ' + response.status);
        }
        return response.json();
      });
  }

  function showProfile(user) {
    document.getElementById('app-name').textContent = [user.first_name, user.last_name].filter(Boolean).join(' ');
    document.getElementById('app-code').textContent = user.referral_code;
    document.getElementById('profile').hidden = false;
  }

  function eventItem(event) {
    var item = document.createElement('li');
    item.setAttribute('data-event', String(event.id));
    var title = document.createElement('strong');
    title.textContent = event.title;
    var when = document.createElement('div');
    when.className = 'muted';
    when.textContent = new Date(event.starts_at).toLocaleString() + (event.place ? ' · ' + event.place : '');
    var count = document.createElement('div');
    count.className = 'going-count';
    count.textContent = event.going_count + ' going';
    item.append(title, when, count);
    [[true, "I'm going"], [false, "Can't go"]].forEach(function (choice) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = choice[0] ? 'rsvp-yes' : 'rsvp-no';
      button.textContent = choice[1];
      button.addEventListener('click', function () {
        api('POST', '/api/events/' + event.id + '/rsvp', { going: choice[0] }).then(function (answer) {
          count.textContent = answer.going_count + ' going' + (answer.going ? ' · including you' : '');
        }, function () {
          count.textContent = 'Could not save your answer; try again.';
        });
      });
      item.append(button);
    });
    return item;
  }

  function showEvents(page) {
    var list = document.getElementById('events');
    page.items.forEach(function (event) { list.append(eventItem(event)); });
    document.getElementById('no-events').hidden = page.items.length > 0;
    document.getElementById('coming').hidden = false;
  }

  var data = initData();
  if (!data) {
    status.textContent = 'Open this page from the bot’s menu button in Telegram to sign in.';
    return;
  }

  if (window.Telegram && window.Telegram.WebApp && window.Telegram.WebApp.ready) {
    window.Telegram.WebApp.ready();
  }

  api('POST', '/api/auth/webapp', { init_data: data })
    .then(function (answer) {
      token = answer.access_token;
      showProfile(answer.user);
      status.textContent = 'Signed in.';
      return api('GET', '/api/events?page=1&page_size=10');
    })
    .then(showEvents)
    .catch(function () {
      status.textContent = 'Telegram could not confirm who you are. Close and reopen the app.';
    });
})();
