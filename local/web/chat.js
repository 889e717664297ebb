// The web chat: posts the customer's messages to the chat API and polls the
// conversation for replies. Message text is only ever set as textContent.
(() => {
  const { ApiError, randomId, requestJson, element } = window.frontlineWeb;
  const STORE_KEY = 'frontline.chat';
  const POLL_MS = 1000;

  const byId = (id) => document.getElementById(id);
  const ui = {
    tenant: byId('tenant-id'),
    customer: byId('customer-id'),
    conversation: byId('conversation-id'),
    messages: byId('messages'),
    error: byId('error'),
    status: byId('status'),
    form: byId('composer'),
    text: byId('message-text'),
    send: byId('send'),
    restart: byId('new-conversation'),
  };

  const ROLE_LABELS = {
    customer: 'You',
    assistant: 'Assistant',
    agent: 'Agent',
    system: 'Notice',
  };
  const STATUS_TEXT = {
    active: 'The assistant is answering.',
    handoff: 'Waiting for a person from our team.',
    closed: 'Conversation closed. Write again to reopen it.',
  };

  /** Conversation ids allow letters, digits, `_` and `-`, at most 48. */
  const conversationIdFrom = (raw) =>
    raw.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 48);

  function freshState(previous) {
    return {
      tenantId: previous?.tenantId ?? 'demo',
      customerId: previous?.customerId ?? `web-${randomId().slice(0, 8)}`,
      conversationId: conversationIdFrom(randomId()),
      token: null,
    };
  }

  function loadState() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? 'null');
      return saved?.conversationId ? saved : null;
    } catch {
      return null;
    }
  }

  let state = loadState() ?? freshState();
  let after = 0;
  let pending = null;
  let timer = null;
  let polling = false;
  /** Where the error on show came from: a failed poll clears on success. */
  let errorSource = null;
  const shown = new Set();

  const saveState = () =>
    sessionStorage.setItem(STORE_KEY, JSON.stringify(state));

  const conversationPath = () =>
    `/tenants/${encodeURIComponent(state.tenantId)}` +
    `/conversations/${encodeURIComponent(state.conversationId)}`;

  const request = (method, path, body) =>
    requestJson(method, path, body, state.token);

  // Sending ------------------------------------------------------------

  async function sendMessage(event) {
    event.preventDefault();
    const text = ui.text.value.trim();
    if (ui.send.disabled || !text || !readFields()) return;

    // A retry of the same text after a failed attempt keeps its message id,
    // so the server stores it once even if the first attempt got through.
    if (pending?.text !== text) pending = { text, messageId: randomId() };
    ui.send.disabled = true;
    try {
      const result = await request('POST', `${conversationPath()}/messages`, {
        messageId: pending.messageId,
        customerId: state.customerId,
        text,
      });
      if (result.customerToken) state.token = result.customerToken;
      saveState();
      pending = null;
      ui.text.value = '';
      clearError();
      showFields();
      startPolling();
      void poll();
    } catch (error) {
      if (error instanceof ApiError) pending = null;
      showError(error, 'send');
    } finally {
      ui.send.disabled = false;
      ui.text.focus();
    }
  }

  /** Takes tenant and customer from the fields before the first message. */
  function readFields() {
    if (state.token) return true;
    if (!ui.tenant.checkValidity() || !ui.customer.checkValidity()) {
      showError(
        new Error('Check the tenant id and customer id fields.'),
        'send',
      );
      return false;
    }
    state.tenantId = ui.tenant.value.trim();
    state.customerId = ui.customer.value.trim();
    return true;
  }

  // Reading ------------------------------------------------------------

  async function poll() {
    if (!state.token || polling || document.hidden) return;
    polling = true;
    let more = false;
    try {
      const data = await request('GET', `${conversationPath()}?after=${after}`);
      renderMessages(data.messages);
      const last = data.messages.at(-1)?.sequence ?? after;
      after = data.nextAfter ?? Math.max(after, last);
      more = data.nextAfter !== undefined;
      ui.status.textContent = STATUS_TEXT[data.status] ?? data.status;
      if (errorSource === 'poll') clearError();
    } catch (error) {
      // A refused token or a vanished conversation will not recover.
      if (error instanceof ApiError && error.status < 500) stopPolling();
      showError(error, 'poll');
    } finally {
      polling = false;
    }
    if (more) void poll();
  }

  function startPolling() {
    if (timer === null) timer = setInterval(() => void poll(), POLL_MS);
  }

  function stopPolling() {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }

  // Rendering ----------------------------------------------------------

  function renderMessages(messages) {
    let added = false;
    for (const message of messages) {
      if (shown.has(message.sequence)) continue;
      shown.add(message.sequence);
      ui.messages.append(messageItem(message));
      added = true;
    }
    if (added) ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  function messageItem(message) {
    const role = ROLE_LABELS[message.role] ? message.role : 'system';
    const item = element('li', `message message-${role}`);
    const meta = element('div', 'message-meta');
    meta.append(element('span', 'message-role', ROLE_LABELS[role]));
    meta.append(timeOf(message.at));
    if (message.offlineModel) {
      const badge = element('span', 'badge', 'offline model');
      badge.title = 'Written by the offline model of the local runtime';
      meta.append(badge);
    }
    item.append(meta, element('p', 'message-text', message.text));
    if (message.citations?.length) item.append(citationList(message));
    return item;
  }

  function timeOf(at) {
    const time = element('time');
    const date = new Date(at);
    time.dateTime = at;
    time.textContent = Number.isNaN(date.getTime())
      ? ''
      : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return time;
  }

  /** One entry per source: passages of one article share its link. */
  function distinctSources(citations) {
    const seen = new Set();
    return citations.filter((citation) => {
      const key = safeUrl(citation.url) ?? citation.id;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  function citationList(message) {
    const list = element('ol', 'citations');
    list.setAttribute('aria-label', 'Sources');
    for (const citation of distinctSources(message.citations)) {
      const item = element('li');
      const url = safeUrl(citation.url);
      if (url) {
        const link = element('a', '', citation.title || citation.id);
        link.href = url;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        item.append(link);
      } else {
        item.textContent = citation.id;
        if (citation.title) item.title = citation.title;
      }
      list.append(item);
    }
    return list;
  }

  /** Only http(s) links are followed; anything else shows as text. */
  function safeUrl(raw) {
    if (!raw) return null;
    try {
      const url = new URL(raw, window.location.href);
      return url.protocol === 'http:' || url.protocol === 'https:'
        ? url.href
        : null;
    } catch {
      return null;
    }
  }

  function showError(error, source) {
    let message = error.message || 'Something went wrong.';
    if (error instanceof ApiError && error.status === 401 && !state.token) {
      message += ' Start a new conversation to continue.';
    } else if (!(error instanceof ApiError)) {
      message = `Could not reach the chat service: ${message}`;
    }
    ui.error.textContent = message;
    ui.error.hidden = false;
    errorSource = source;
  }

  function clearError() {
    ui.error.textContent = '';
    ui.error.hidden = true;
    errorSource = null;
  }

  function showFields() {
    ui.tenant.value = state.tenantId;
    ui.customer.value = state.customerId;
    ui.conversation.value = state.conversationId;
    ui.tenant.readOnly = Boolean(state.token);
    ui.customer.readOnly = Boolean(state.token);
  }

  // Lifecycle ----------------------------------------------------------

  function newConversation() {
    stopPolling();
    readFields();
    state = freshState(state);
    after = 0;
    pending = null;
    shown.clear();
    ui.messages.replaceChildren();
    ui.status.textContent = 'Write a message to start.';
    clearError();
    saveState();
    showFields();
    ui.text.focus();
  }

  ui.form.addEventListener('submit', sendMessage);
  ui.text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ui.form.requestSubmit();
    }
  });
  ui.restart.addEventListener('click', newConversation);
  document.addEventListener('visibilitychange', () => void poll());

  saveState();
  showFields();
  if (state.token) {
    startPolling();
    void poll();
  }
})();
