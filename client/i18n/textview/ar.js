// Messages of the "textview" area in ar (ICU message syntax). Owner: see client/i18n/index.js.
export default {
  "textview.options": "{count, plural, zero {لا خيارات:} one {خيار واحد:} two {خياران:} few {# خيارات:} many {# خياراً:} other {# خيار:}}",
};
