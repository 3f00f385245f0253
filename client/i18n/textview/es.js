// Messages of the "textview" area in es (ICU message syntax). Owner: see client/i18n/index.js.
export default {
  "textview.options": "{count, plural, one {# opción:} other {# opciones:}}",
};
