// Messages of the "errors" area in en (ICU message syntax). Owner: see client/i18n/index.js.
export default {};
