// Messages of the "reading" area in zh (ICU message syntax). Owner: see client/i18n/index.js.
export default {};
