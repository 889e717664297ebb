// The agent console: lists the changes waiting for a person's approval and
// the conversations handed to agents, through the agents' API. Text from
// the API is only ever set as textContent.
(() => {
  const { ApiError, randomId, requestJson, element } = window.frontlineWeb;
  const STORE_KEY = 'frontline.agent';
  const POLL_MS = 2000;

  const byId = (id) => document.getElementById(id);
  const ui = {
    signIn: byId('sign-in'),
    tenant: byId('tenant-id'),
    token: byId('agent-token'),
    name: byId('agent-name'),
    status: byId('status'),
    error: byId('error'),
    approvals: byId('approvals'),
    handoffs: byId('handoffs'),
    conversation: byId('conversation'),
    summary: byId('conversation-summary'),
    messages: byId('messages'),
    composer: byId('composer'),
    text: byId('message-text'),
    resolve: byId('resolve'),
    handBack: byId('hand-back'),
    handBackNote: byId('hand-back-note'),
  };

  const ROLE_LABELS = {
    customer: 'Customer',
    assistant: 'Assistant',
    agent: 'Agent',
    system: 'Notice',
    note: 'Note for the assistant',
  };
  const REASONS = {
    refund_threshold: 'refund above the approval threshold',
    risk: 'a change that always needs approval',
  };

  function loadState() {
    try {
      return JSON.parse(sessionStorage.getItem(STORE_KEY) ?? 'null');
    } catch {
      return null;
    }
  }

  let state = loadState() ?? { tenantId: 'demo', token: '', agentName: '' };
  /** The handoff whose conversation is open, and what was shown of it. */
  let open = null;
  let timer = null;
  let polling = false;

  const tenantPath = () => `/tenants/${encodeURIComponent(state.tenantId)}`;

  const request = (method, path, body) =>
    requestJson(method, path, body, state.token);

  // Rendering ----------------------------------------------------------

  function button(label, onClick, className) {
    const node = element('button', className, label);
    node.type = 'button';
    node.addEventListener('click', () => void onClick(node));
    return node;
  }

  const dollars = (cents) => `$${(cents / 100).toFixed(2)}`;

  function renderApprovals(approvals) {
    const items = approvals.map((approval) => {
      const item = element('li', 'card');
      item.dataset.approvalId = approval.approvalId;
      item.append(element('p', '', approval.change));
      item.append(
        element(
          'p',
          'hint',
          `Refund ${dollars(approval.refundCents)} · ` +
            `${REASONS[approval.reason] ?? approval.reason} · ` +
            `conversation ${approval.conversationId}`,
        ),
      );
      const note = element('input');
      note.maxLength = 1000;
      note.placeholder = 'Note (optional)';
      note.setAttribute('aria-label', 'Note on the decision');
      const decide = (decision) => async (node) => {
        node.disabled = true;
        try {
          const text = note.value.trim();
          const name = state.agentName.trim();
          await request(
            'POST',
            `${tenantPath()}/approvals/${encodeURIComponent(approval.approvalId)}/decision`,
            {
              decision,
              ...(name ? { agentName: name } : {}),
              ...(text ? { note: text } : {}),
            },
          );
          clearError();
          await refresh();
        } catch (error) {
          node.disabled = false;
          showError(error);
        }
      };
      const actions = element('div', 'actions');
      actions.append(
        note,
        button('Approve', decide('approve')),
        button('Refuse', decide('refuse'), 'secondary'),
      );
      item.append(actions);
      return item;
    });
    ui.approvals.replaceChildren(
      ...(items.length
        ? items
        : [element('li', 'empty', 'Nothing to approve.')]),
    );
  }

  function renderHandoffs(handoffs) {
    const items = handoffs.map((handoff) => {
      const item = element('li', 'card');
      item.dataset.handoffId = handoff.handoffId;
      item.append(element('p', '', handoff.summary || '(no summary)'));
      item.append(
        element(
          'p',
          'hint',
          `${handoff.reason.replace(/_/g, ' ')} · conversation ` +
            handoff.conversationId,
        ),
      );
      const actions = element('div', 'actions');
      actions.append(button('Open', () => openHandoff(handoff)));
      item.append(actions);
      return item;
    });
    ui.handoffs.replaceChildren(
      ...(items.length
        ? items
        : [element('li', 'empty', 'No conversation waits for an agent.')]),
    );
  }

  function messageItem(message) {
    const role = ROLE_LABELS[message.role] ? message.role : 'system';
    const item = element('li', `message message-${role}`);
    const meta = element('div', 'message-meta');
    meta.append(element('span', 'message-role', ROLE_LABELS[role]));
    item.append(meta, element('p', 'message-text', message.text));
    return item;
  }

  function showError(error) {
    ui.error.textContent =
      error instanceof ApiError
        ? error.message
        : `Could not reach the agent API: ${error.message}`;
    ui.error.hidden = false;
  }

  function clearError() {
    ui.error.textContent = '';
    ui.error.hidden = true;
  }

  // Reading ------------------------------------------------------------

  async function refresh() {
    if (!state.token || polling) return;
    polling = true;
    try {
      const [approvals, handoffs] = await Promise.all([
        request('GET', `${tenantPath()}/approvals?status=pending`),
        request('GET', `${tenantPath()}/handoffs?status=open`),
      ]);
      renderApprovals(approvals.approvals);
      renderHandoffs(handoffs.handoffs);
      if (open) await readConversation();
      ui.status.textContent = `Connected to ${state.tenantId}.`;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) stopPolling();
      showError(error);
    } finally {
      polling = false;
    }
  }

  async function readConversation() {
    const path =
      `${tenantPath()}/handoffs/${encodeURIComponent(open.handoffId)}` +
      `/messages?after=${open.after}`;
    const data = await request('GET', path);
    for (const message of data.messages) {
      ui.messages.append(messageItem(message));
      open.after = message.sequence;
    }
    if (data.messages.length) ui.messages.scrollTop = ui.messages.scrollHeight;
    const decided = data.handoff.status !== 'open';
    ui.composer.hidden = decided;
    ui.resolve.disabled = decided;
    ui.handBack.disabled = decided;
    if (decided) {
      ui.summary.textContent = `This handoff is ${data.handoff.status.replace(/_/g, ' ')}.`;
    }
  }

  async function openHandoff(handoff) {
    open = { handoffId: handoff.handoffId, after: 0 };
    ui.messages.replaceChildren();
    ui.summary.textContent = handoff.summary;
    ui.conversation.hidden = false;
    try {
      await readConversation();
      ui.text.focus();
    } catch (error) {
      showError(error);
    }
  }

  // Acting -------------------------------------------------------------

  async function send(event) {
    event.preventDefault();
    const text = ui.text.value.trim();
    if (!open || !text) return;
    try {
      await request(
        'POST',
        `${tenantPath()}/handoffs/${encodeURIComponent(open.handoffId)}/messages`,
        { messageId: randomId(), text },
      );
      ui.text.value = '';
      clearError();
      await readConversation();
    } catch (error) {
      showError(error);
    }
  }

  async function decideHandoff(action, body) {
    if (!open) return;
    try {
      await request(
        'POST',
        `${tenantPath()}/handoffs/${encodeURIComponent(open.handoffId)}/${action}`,
        body,
      );
      clearError();
      open = null;
      ui.conversation.hidden = true;
      ui.handBackNote.value = '';
      await refresh();
    } catch (error) {
      showError(error);
    }
  }

  function connect(event) {
    event.preventDefault();
    if (!ui.signIn.checkValidity()) return;
    state = {
      tenantId: ui.tenant.value.trim(),
      token: ui.token.value.trim(),
      agentName: ui.name.value.trim(),
    };
    sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    open = null;
    ui.conversation.hidden = true;
    clearError();
    startPolling();
    void refresh();
  }

  function startPolling() {
    if (timer === null) timer = setInterval(() => void refresh(), POLL_MS);
  }

  function stopPolling() {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }

  ui.signIn.addEventListener('submit', connect);
  ui.composer.addEventListener('submit', send);
  ui.text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ui.composer.requestSubmit();
    }
  });
  ui.resolve.addEventListener('click', () => void decideHandoff('resolve'));
  ui.handBack.addEventListener(
    'click',
    () =>
      void decideHandoff('hand-back', { note: ui.handBackNote.value.trim() }),
  );

  ui.tenant.value = state.tenantId;
  ui.token.value = state.token;
  ui.name.value = state.agentName;
  if (state.token) {
    startPolling();
    void refresh();
  }
})();
