// Messages of the "amending" area in ar (ICU message syntax). Owner: see client/i18n/index.js.
export default {};
