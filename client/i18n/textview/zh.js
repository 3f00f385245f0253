// Messages of the "textview" area in zh (ICU message syntax). Owner: see client/i18n/index.js.
export default {
  "textview.options": "{count, plural, other {# 个备选方案：}}",
};
