// A minimal client until the browser-client issue: sign in, list processes, read the latest
// revision. All user text goes through textContent, never innerHTML.
const $ = (id) => document.getElementById(id);

async function api(path, options = {}) {
  const response = await fetch(`/api/v1${path}`, {
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    ...options,
  });
  const body = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(body?.error?.message ?? response.statusText);
  return body;
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function showRevision(process) {
  const docs = await api(`/processes/${process.id}/documents`);
  const section = $("revision");
  section.replaceChildren(element("h2", process.title));
  section.hidden = false;
  for (const doc of docs) {
    const latest = doc.revisions.at(-1);
    if (!latest) continue;
    const revision = await api(`/documents/${doc.id}/revisions/${latest.sequence}`);
    section.append(element("h3", `${doc.title} (${revision.label})`));
    for (const unit of revision.units) {
      const row = element("p", undefined, `unit ${unit.status}`);
      if (unit.number) row.append(element("span", unit.number, "number"));
      row.append(document.createTextNode(unit.heading ?? unit.text));
      section.append(row);
    }
  }
}

async function showProcesses() {
  const processes = await api("/processes");
  $("signin").hidden = true;
  $("processes").hidden = false;
  const list = $("process-list");
  list.replaceChildren();
  for (const process of processes) {
    const button = element("button", `${process.title} (${process.phase})`);
    button.addEventListener("click", () => showRevision(process));
    const item = element("li");
    item.append(button);
    list.append(item);
  }
}

$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await api("/auth/login", {
      method: "POST",
      body: JSON.stringify({ email: $("email").value, password: $("password").value }),
    });
    await showProcesses();
  } catch (error) {
    $("signin-error").textContent = error.message;
  }
});

api("/auth/me").then(showProcesses).catch(() => {});
