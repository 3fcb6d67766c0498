// The header's language switch (added by _ext/book_site.py) opens the twin page in this tab,
// at the section the reader is in: sections have the same ids in both languages (sec-4, …).
document.addEventListener("DOMContentLoaded", () => {
  for (const link of document.querySelectorAll("a.btn-language-switch")) {
    link.removeAttribute("target");
    link.addEventListener("click", () => {
      const sections = document.querySelectorAll("section[id^='sec-']");
      let current = null;
      for (const section of sections) {
        const heading = section.querySelector("h2, h3, h4");
        if (heading && heading.getBoundingClientRect().top <= 120) current = section.id;
      }
      const url = new URL(link.href, window.location.href);
      url.hash = current ? current : "";
      link.href = url.toString();
    });
  }
});

// On a phone the page header's ☰ (table of contents) and page-contents buttons did nothing:
// the theme binds its handler to the first .primary-toggle / .secondary-toggle of the page, a
// hidden navbar button (pydata-sphinx-theme #2451, sphinx-book-theme #988). The visible ones
// pass their click to it.
document.addEventListener("DOMContentLoaded", () => {
  for (const kind of ["primary-toggle", "secondary-toggle"]) {
    const [bound, ...others] = document.querySelectorAll(`button.${kind}`);
    for (const button of others) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopImmediatePropagation();
        bound.click();
      });
    }
  }
});

// A table, a code cell or a printed output wider than its box scrolls inside it (the theme's
// overflow-x: auto); say so above it, in the page's language, and shade its right edge, so that
// a reader sees there is more (a cut line shows no sign of it otherwise). Rechecked when the
// window changes size.
const WIDE_BOXES = ".cell_output .output.text_html, div.highlight > pre, .cell_output pre";
function markWideOutputs() {
  const cue = document.documentElement.lang === "ko" ? "⇆ 옆으로 밀어 더 보기" : "⇆ scroll sideways for more";
  for (const box of document.querySelectorAll(WIDE_BOXES)) {
    const wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("seqbook-wide", wide);
    const note = box.previousElementSibling;
    const hasNote = note && note.classList.contains("seqbook-scroll-cue");
    if (wide && !hasNote) {
      const p = document.createElement("p");
      p.className = "seqbook-scroll-cue";
      p.textContent = cue;
      p.setAttribute("aria-hidden", "true");
      box.before(p);
    } else if (!wide && hasNote) {
      note.remove();
    }
  }
}
document.addEventListener("DOMContentLoaded", markWideOutputs);
window.addEventListener("load", markWideOutputs);
window.addEventListener("resize", markWideOutputs);

// Korean text on a page in another language (the landing page, the glossary, search results)
// is marked lang="ko" so that it wraps between words, not inside one: _ext/book_site.py marks
// the built pages; this marks what scripts write into a page (the search results).
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]/;
const KOREAN_RUN = /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff](?:[^]*[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff])?/;
function markKorean(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!HANGUL.test(node.data)) continue;
    const owner = node.parentElement && node.parentElement.closest("[lang]");
    if (owner && owner.lang.startsWith("ko")) continue;
    if (node.parentElement && node.parentElement.closest("script, style, textarea")) continue;
    found.push(node);
  }
  for (const node of found) {
    const match = node.data.match(KOREAN_RUN);
    if (!match) continue;
    const korean = node.splitText(match.index);
    korean.splitText(match[0].length);
    const span = document.createElement("span");
    span.lang = "ko";
    korean.before(span);
    span.append(korean);
  }
}

// The search page in the language of the page it was asked from: the search forms of a Korean
// page send lang=ko, and search.html?lang=ko is a Korean page (its labels, Sphinx's messages,
// the Korean part of the table of contents first).
const SEARCH_KO = {
  "Search": "검색",
  "Search Results": "검색 결과",
  "Searching": "검색 중",
  "Preparing search...": "검색 준비 중...",
  "Search finished, found ${resultCount} page(s) matching the search query.":
    "검색을 마쳤습니다. 검색어와 맞는 페이지를 ${resultCount}개 찾았습니다.",
  "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.":
    "검색어와 맞는 문서가 없습니다. 철자가 맞는지 확인해 보세요.",
};
const askedInKorean = new URLSearchParams(window.location.search).get("lang") === "ko";
const isSearchPage = /\/search\.html$/.test(window.location.pathname);
if (isSearchPage && askedInKorean) {
  document.documentElement.lang = "ko";
  if (typeof Documentation !== "undefined" && Documentation.addTranslations) {
    Documentation.addTranslations({ messages: SEARCH_KO, plural_expr: "0", locale: "ko" });
  }
}
document.addEventListener("DOMContentLoaded", () => {
  const korean = document.documentElement.lang === "ko";
  if (korean) {
    for (const form of document.querySelectorAll("form")) {
      if (!/search\.html/.test(form.getAttribute("action") || "")) continue;
      if (form.querySelector("input[name=lang]")) continue;
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "lang";
      input.value = "ko";
      form.append(input);
    }
  }
  if (isSearchPage && askedInKorean) {
    document.title = document.title.replace(/^Search/, "검색");
    const heading = document.querySelector("#search-documentation, .bd-search-container h1, main h1");
    if (heading) heading.textContent = "검색";
    for (const input of document.querySelectorAll("input[name=q]")) {
      input.placeholder = "이 책에서 검색…";
      input.setAttribute("aria-label", "이 책에서 검색…");
    }
    for (const label of document.querySelectorAll(".search-button__default-text")) {
      label.textContent = "검색";
    }
    // the Korean part of the table of contents first, the English part marked English
    const nav = document.querySelector(".bd-docs-nav .bd-toc-item");
    const captions = nav ? Array.from(nav.querySelectorAll("p.caption")) : [];
    const ko = captions.find((c) => c.textContent.trim() === "한국어");
    const en = captions.find((c) => c.textContent.trim() === "English");
    if (ko && en) {
      const koList = ko.nextElementSibling;
      en.before(ko, koList);
      en.lang = "en";
      if (en.nextElementSibling) en.nextElementSibling.lang = "en";
      ko.removeAttribute("lang");
      koList.removeAttribute("lang");
    }
  }
  if (!korean) {
    markKorean(document.body);
    const results = document.getElementById("search-results");
    if (results) {
      new MutationObserver(() => markKorean(results)).observe(results, {
        childList: true,
        subtree: true,
      });
    }
  }
});

// sphinx-togglebutton makes its buttons in the browser, named "Toggle hidden content" in
// English whatever the page's language (its hint text comes from the page, in Korean there).
window.addEventListener("load", () => {
  if (document.documentElement.lang !== "ko") return;
  for (const button of document.querySelectorAll("button.toggle-button")) {
    button.setAttribute("aria-label", "숨긴 내용 보이기/숨기기");
  }
});

// Figures: each opens at full size (a link to its image), and on a narrow screen a figure that
// would be drawn shorter than MIN_FIGURE px (a row of panels squeezed into a phone's column)
// keeps that height and scrolls sideways in its box, with the same cue as a wide table.
const MIN_FIGURE = 140;
function legibleFigures() {
  const ko = document.documentElement.lang === "ko";
  for (const img of document.querySelectorAll(".cell_output img")) {
    if (!img.closest("a")) {
      const box = document.createElement("div");
      box.className = "seqbook-figure";
      const link = document.createElement("a");
      link.href = img.currentSrc || img.src;
      link.className = "seqbook-figure-link";
      link.title = ko ? "원래 크기로 보기" : "Open at full size";
      img.before(box);
      box.append(link);
      link.append(img);
    }
    if (!img.naturalWidth) continue;
    const box = img.closest(".seqbook-figure");
    if (!box) continue;
    img.style.removeProperty("width");
    img.classList.remove("seqbook-tall");
    const height = img.getBoundingClientRect().height;
    if (height > 0 && height < MIN_FIGURE) {
      img.classList.add("seqbook-tall");
      img.style.width = `${Math.round((img.naturalWidth * MIN_FIGURE) / img.naturalHeight)}px`;
    }
    const wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("seqbook-wide-figure", wide);
    const note = box.previousElementSibling;
    const hasNote = note && note.classList.contains("seqbook-scroll-cue");
    if (wide && !hasNote) {
      const p = document.createElement("p");
      p.className = "seqbook-scroll-cue";
      p.textContent = ko ? "⇆ 옆으로 밀어 더 보기" : "⇆ scroll sideways for more";
      box.before(p);
    } else if (!wide && hasNote) {
      note.remove();
    }
  }
}
window.addEventListener("load", legibleFigures);
window.addEventListener("resize", legibleFigures);
