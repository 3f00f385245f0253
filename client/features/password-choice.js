// Choosing one's own password (an invitation, a reset link): the checks the form makes before
// it sends anything. The server checks again; its rule is the one that counts.

/** The server's rule: at least this many characters (server/features/auth/passwords.py). */
export const MIN_PASSWORD_LENGTH = 10;

/** What is wrong with a chosen password and its confirmation, or null when nothing is. */
export function passwordProblem(password, confirmation) {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `Choose at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (password !== confirmation) return "The two passwords are not the same.";
  return null;
}

/** The sentence that says what an invitation offers (the server's details of it). */
export function invitationOffer(details) {
  if (details.administrator) return "to administer Accord";
  const role = details.delegation
    ? `${details.focal_point ? "focal point" : "delegate"} of ${details.delegation_name ?? details.delegation}`
    : (details.role ?? "").replace("_", "-");
  return `to take part in ${details.process_title} as ${role}`;
}
