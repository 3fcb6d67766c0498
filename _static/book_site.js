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

// A table wider than its box scrolls inside it (the theme's overflow-x: auto); say so above
// it, in the page's language, and shade its right edge, so that a phone reader sees there is
// more. Rechecked when the window changes size.
function markWideOutputs() {
  const cue = document.documentElement.lang === "ko" ? "⇆ 옆으로 밀어 더 보기" : "⇆ scroll sideways for more";
  for (const box of document.querySelectorAll(".cell_output .output.text_html")) {
    const wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("seqbook-wide", wide);
    const note = box.previousElementSibling;
    const hasNote = note && note.classList.contains("seqbook-scroll-cue");
    if (wide && !hasNote) {
      const p = document.createElement("p");
      p.className = "seqbook-scroll-cue";
      p.textContent = cue;
      box.before(p);
    } else if (!wide && hasNote) {
      note.remove();
    }
  }
}
document.addEventListener("DOMContentLoaded", markWideOutputs);
window.addEventListener("resize", markWideOutputs);

// sphinx-togglebutton makes its buttons in the browser, named "Toggle hidden content" in
// English whatever the page's language (its hint text comes from the page, in Korean there).
window.addEventListener("load", () => {
  if (document.documentElement.lang !== "ko") return;
  for (const button of document.querySelectorAll("button.toggle-button")) {
    button.setAttribute("aria-label", "숨긴 내용 보이기/숨기기");
  }
});
