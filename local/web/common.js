// What the web chat and the agent console share: a JSON request to the
// API, ids, and building elements whose text is only ever textContent.
window.frontlineWeb = (() => {
  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /** A random id; falls back to getRandomValues outside secure contexts. */
  function randomId() {
    if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /**
   * Sends `body` as JSON with the bearer `token`, if any, and returns the
   * JSON answer; a failed request throws an ApiError with the API's message.
   */
  async function requestJson(method, path, body, token) {
    const headers = { accept: 'application/json' };
    if (body) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(path, {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const message = data.message ?? `Request failed (${response.status})`;
      throw new ApiError(response.status, message);
    }
    return data;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  return Object.freeze({ ApiError, randomId, requestJson, element });
})();
