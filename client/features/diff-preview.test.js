import { test } from "node:test";
import assert from "node:assert/strict";
import { tokenize, wordDiff } from "./diff-preview.js";

/** The two texts a diff was made from, put back together from its ops. */
function sides(ops) {
  let before = "", after = "";
  for (const { op, text } of ops) {
    if (op !== "insert") before += text;
    if (op !== "delete") after += text;
  }
  return [before, after];
}

test("tokenize keeps words whole, white space and punctuation apart", () => {
  assert.deepEqual(tokenize("Parties shall [enhance][strengthen] cooperation."),
    ["Parties", " ", "shall", " ", "[", "enhance", "]", "[", "strengthen", "]", " ", "cooperation", "."]);
  assert.deepEqual(tokenize("l’Accord de Paris, d'ici 2030"),
    ["l’Accord", " ", "de", " ", "Paris", ",", " ", "d'ici", " ", "2030"]);
  assert.deepEqual(tokenize("low-emission  development"), ["low-emission", "  ", "development"]);
});

test("tokenize never cuts a combining mark from its letter", () => {
  const decomposed = "e\u0301tude de\u0301ja\u0300"; // é and à as letter + combining accent
  assert.deepEqual(tokenize(decomposed), ["e\u0301tude", " ", "de\u0301ja\u0300"]);
});

test("tokenize reads Arabic, Russian and Devanagari as spaced words", () => {
  assert.deepEqual(tokenize("تعزيز الأطر الإقليمية"), ["تعزيز", " ", "الأطر", " ", "الإقليمية"]);
  assert.deepEqual(tokenize("Мы обязуемся, к 2030 году"),
    ["Мы", " ", "обязуемся", ",", " ", "к", " ", "2030", " ", "году"]);
  assert.deepEqual(tokenize("नमस्ते दुनिया"), ["नमस्ते", " ", "दुनिया"]);
});

test("tokenize gives each Chinese and Japanese character its own token", () => {
  assert.deepEqual(tokenize("我们承诺加强合作。"), ["我", "们", "承", "诺", "加", "强", "合", "作", "。"]);
  // A run mixing Han with digits or kana is split whole, character by character.
  assert.deepEqual(tokenize("2030年までに"), ["2", "0", "3", "0", "年", "ま", "で", "に"]);
});

test("tokenize of nothing is no token", () => {
  assert.deepEqual(tokenize(""), []);
  assert.deepEqual(tokenize(null), []);
  assert.deepEqual(tokenize(undefined), []);
});

test("wordDiff marks an inserted English word", () => {
  assert.deepEqual(wordDiff("We commit to address the root causes", "We commit to resolutely address the root causes"), [
    { op: "equal", text: "We commit to " },
    { op: "insert", text: "resolutely " },
    { op: "equal", text: "address the root causes" },
  ]);
});

test("wordDiff replaces whole words, the insertion first", () => {
  assert.deepEqual(wordDiff("Parties shall enhance cooperation", "Parties should enhance cooperation"), [
    { op: "equal", text: "Parties " },
    { op: "insert", text: "should" },
    { op: "delete", text: "shall" },
    { op: "equal", text: " enhance cooperation" },
  ]);
});

test("wordDiff diffs Chinese character by character", () => {
  assert.deepEqual(wordDiff("我们承诺合作", "我们承诺加强合作"), [
    { op: "equal", text: "我们承诺" },
    { op: "insert", text: "加强" },
    { op: "equal", text: "合作" },
  ]);
  assert.deepEqual(wordDiff("加强国际合作。", "加强区域合作。"), [
    { op: "equal", text: "加强" },
    { op: "insert", text: "区域" },
    { op: "delete", text: "国际" },
    { op: "equal", text: "合作。" },
  ]);
});

test("wordDiff on Arabic and Russian keeps words whole", () => {
  assert.deepEqual(wordDiff("تعزيز الأطر الإقليمية", "تعزيز الأطر الإقليمية والوطنية"), [
    { op: "equal", text: "تعزيز الأطر الإقليمية" },
    { op: "insert", text: " والوطنية" },
  ]);
  // "والإقليمية" (and regional) is another word than "الإقليمية" (regional).
  assert.deepEqual(wordDiff("تعزيز الأطر الإقليمية", "تعزيز الأطر الوطنية والإقليمية"), [
    { op: "equal", text: "تعزيز الأطر " },
    { op: "insert", text: "الوطنية والإقليمية" },
    { op: "delete", text: "الإقليمية" },
  ]);
  assert.deepEqual(wordDiff("Мы обязуемся к 2030 году", "Мы решительно обязуемся к 2030 году"), [
    { op: "equal", text: "Мы " },
    { op: "insert", text: "решительно " },
    { op: "equal", text: "обязуемся к 2030 году" },
  ]);
});

test("wordDiff of equal, empty and missing texts", () => {
  assert.deepEqual(wordDiff("same words", "same words"), [{ op: "equal", text: "same words" }]);
  assert.deepEqual(wordDiff("", "new text"), [{ op: "insert", text: "new text" }]);
  assert.deepEqual(wordDiff("old text", ""), [{ op: "delete", text: "old text" }]);
  assert.deepEqual(wordDiff(null, undefined), []);
});

test("wordDiff never has two ops of the same kind in a row, and gives both texts back", () => {
  const pairs = [
    ["The Parties [shall][should] take action.", "The Parties shall urgently take ambitious action, by 2030."],
    ["我们承诺加强国际合作，应对气候变化。", "我们坚定承诺加强区域和国际合作，共同应对气候变化。"],
    ["تعزيز الأطر الإقليمية للتعاون", "تعزيز الأطر الوطنية للتعاون الدولي"],
    ["Nous nous engageons à renforcer", "Nous nous engageons résolument à renforcer la coopération"],
    ["a b c d e f", "f e d c b a"],
  ];
  for (const [a, b] of pairs) {
    const ops = wordDiff(a, b);
    assert.deepEqual(sides(ops), [a, b]);
    for (let i = 1; i < ops.length; i++) assert.notEqual(ops[i].op, ops[i - 1].op, `${a} -> ${b}`);
    assert.ok(ops.every((o) => o.text.length > 0));
  }
});

test("wordDiff of very long unrelated texts replaces the middle whole", () => {
  const a = Array.from({ length: 2100 }, (_, i) => `old${i}`).join(" ");
  const b = Array.from({ length: 2100 }, (_, i) => `new${i}`).join(" ");
  const ops = wordDiff(`Start: ${a} end.`, `Start: ${b} end.`);
  assert.deepEqual(ops, [
    { op: "equal", text: "Start: " },
    { op: "delete", text: a },
    { op: "insert", text: b },
    { op: "equal", text: " end." },
  ]);
});
