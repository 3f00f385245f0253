// Messages of the "account" area in es (ICU message syntax). Owner: see client/i18n/index.js.
export default {};
