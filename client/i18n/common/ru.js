// Messages of the "common" area in ru (ICU message syntax). Owner: see client/i18n/index.js.
export default {};
