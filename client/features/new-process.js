// Whether the "Open a process" form is shown: the server says so in /auth/me's actions
// (core/policy.py's account_actions), the browser never decides it from the person's role.

/** mayOpenProcess(state.me) -> true when the server lists "process.open" for the person. */
export function mayOpenProcess(me) {
  return (me?.actions ?? []).includes("process.open");
}
