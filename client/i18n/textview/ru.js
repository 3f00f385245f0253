// Messages of the "textview" area in ru (ICU message syntax). Owner: see client/i18n/index.js.
export default {
  "textview.options": "{count, plural, one {# вариант:} few {# варианта:} many {# вариантов:} other {# варианта:}}",
};
