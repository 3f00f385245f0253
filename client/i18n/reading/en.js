// Messages of the "reading" area in en (ICU message syntax). Owner: see client/i18n/index.js.
export default {};
