/*
 * Pressroom: progressive enhancements only. Every page works without this file.
 * - On narrow screens, the header menu (navigation and search) folds behind a
 *   "Menu" button. Without JavaScript the menu is simply always shown.
 * - Escape dismisses a glossary-term tooltip (shown by CSS on hover and focus)
 *   without moving focus, as WCAG 1.4.13 asks.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  function initMenuToggle() {
    var toggle = document.querySelector(".site-header__toggle");
    var menu = document.getElementById("site-nav");
    if (!toggle || !menu) {
      return;
    }

    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    }

    toggle.hidden = false;
    root.classList.add("has-menu-toggle");
    setOpen(false);

    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("is-open")) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  function initTooltipDismissal() {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") {
        return;
      }
      document.querySelectorAll(".glossary-term:hover, .glossary-term:focus-within").forEach(function (term) {
        term.setAttribute("data-tooltip-dismissed", "");
      });
    });
    ["focusout", "mouseout"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        var term = event.target.closest && event.target.closest(".glossary-term");
        if (term && !term.contains(event.relatedTarget)) {
          term.removeAttribute("data-tooltip-dismissed");
        }
      });
    });
  }

  function init() {
    initMenuToggle();
    initTooltipDismissal();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
