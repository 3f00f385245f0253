// Amendments by id (the server's answers name them by id: a publication's preview, a
// compilation): those the screen already loaded, the others asked for one by one.
// No DOM; the fetching is passed in.

/** The ids not among the known ones, each once, in order. missingIds([3, 5, 3, 8], new Map([[5, {}]])) -> [3, 8] */
export function missingIds(ids, known) {
  return [...new Set(ids)].filter((id) => !known.has(id));
}

/**
 * Map(id -> amendment) for `ids`: from `known` (amendments already loaded), the others with
 * fetchOne(id) (GET /amendments/{id}). An id the server does not show (a 404: another
 * delegation's draft, say) is left out.
 */
export async function amendmentsById(ids, known, fetchOne) {
  const wanted = new Set(ids);
  const found = new Map((known ?? []).filter((a) => wanted.has(a.id)).map((a) => [a.id, a]));
  await Promise.all(missingIds(ids, found).map(async (id) => {
    try {
      found.set(id, await fetchOne(id));
    } catch (e) {
      if (e?.status !== 404 && e?.status !== 403) throw e;
    }
  }));
  return found;
}
