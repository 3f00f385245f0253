// Messages of the "account" area in zh (ICU message syntax). Owner: see client/i18n/index.js.
export default {};
