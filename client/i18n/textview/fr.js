// Messages of the "textview" area in fr (ICU message syntax). Owner: see client/i18n/index.js.
export default {
  "textview.options": "{count, plural, one {# option :} other {# options :}}",
};
