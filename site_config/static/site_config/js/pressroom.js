/*
 * Pressroom: progressive enhancements only. Every page works without this file.
 * - On narrow screens, the header menu (navigation and search) folds behind a
 *   "Menu" button. Without JavaScript the menu is simply always shown.
 * - Glossary terms get a tooltip with their short definition on hover and
 *   keyboard focus, kept on screen and while hovered; Escape dismisses it
 *   without moving focus
 *   (WCAG 1.4.13). Without JavaScript, the link's title carries the definition.
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

  // Glossary terms: one shared tooltip, filled from the entry's definition
  // (the element aria-describedby names, emitted once per page, or the title).
  function initGlossaryTooltips() {
    var terms = document.querySelectorAll("a.glossary-term");
    if (!terms.length) {
      return;
    }
    var tooltip = document.createElement("div");
    tooltip.className = "glossary-tooltip";
    tooltip.id = "glossary-tooltip";
    tooltip.setAttribute("role", "tooltip");
    tooltip.hidden = true;
    document.body.appendChild(tooltip);
    var current = null;

    terms.forEach(function (term) {
      var definition = term.title;
      // The title served readers without JavaScript; drop it so the browser's
      // own tooltip does not cover ours.
      term.removeAttribute("title");
      if (term.getAttribute("aria-describedby") || !definition) {
        return;
      }
      // Rich text rendered outside a stream (e.g. show notes) has no hidden
      // definition: add one per entry, as the server does for streams.
      var id = "glossary-definition-" + (term.getAttribute("data-glossary-id") || "");
      if (!document.getElementById(id)) {
        var hidden = document.createElement("span");
        hidden.id = id;
        hidden.hidden = true;
        hidden.className = "glossary-definition";
        hidden.textContent = definition;
        document.body.appendChild(hidden);
      }
      term.setAttribute("aria-describedby", id);
    });

    function definitionOf(term) {
      var id = term.getAttribute("aria-describedby");
      var source = id ? document.getElementById(id) : null;
      return source ? source.textContent : "";
    }

    function place(term) {
      var rect = term.getBoundingClientRect();
      var margin = 8;
      tooltip.style.left = "0px";
      tooltip.style.top = "0px";
      var width = tooltip.offsetWidth;
      var height = tooltip.offsetHeight;
      var left = Math.min(
        Math.max(margin, rect.left),
        document.documentElement.clientWidth - width - margin
      );
      var top = rect.bottom + margin;
      if (top + height > window.innerHeight && rect.top - height - margin > 0) {
        top = rect.top - height - margin;
      }
      tooltip.style.left = Math.max(margin, left) + window.scrollX + "px";
      tooltip.style.top = top + window.scrollY + "px";
    }

    function show(term) {
      var text = definitionOf(term);
      if (!text) {
        return;
      }
      current = term;
      tooltip.textContent = text;
      tooltip.hidden = false;
      place(term);
    }

    function hide() {
      window.clearTimeout(hideTimer);
      current = null;
      tooltip.hidden = true;
    }

    function termOf(event) {
      return event.target.closest && event.target.closest("a.glossary-term");
    }

    document.addEventListener("focusin", function (event) {
      var term = termOf(event);
      if (term) {
        show(term);
      }
    });
    document.addEventListener("focusout", function (event) {
      if (termOf(event) === current) {
        hide();
      }
    });
    // The tooltip stays while the pointer is on the term or on the tooltip
    // itself (WCAG 1.4.13, hoverable): leaving either starts a short delay,
    // long enough to cross the gap between them, that entering either cancels.
    var hideTimer = null;
    function cancelHide() {
      window.clearTimeout(hideTimer);
      hideTimer = null;
    }
    function scheduleHide() {
      cancelHide();
      hideTimer = window.setTimeout(function () {
        if (current && document.activeElement !== current) {
          hide();
        }
      }, 300);
    }
    function inside(node) {
      return !!node && (tooltip.contains(node) || (current && current.contains(node)));
    }
    document.addEventListener("mouseover", function (event) {
      var term = termOf(event);
      if (term) {
        cancelHide();
        if (term !== current) {
          show(term);
        }
      } else if (tooltip.contains(event.target)) {
        cancelHide();
      }
    });
    document.addEventListener("mouseout", function (event) {
      if (!current || !inside(event.target) || inside(event.relatedTarget)) {
        return;
      }
      scheduleHide();
    });
    // Escape hides the tooltip without moving focus (WCAG 1.4.13).
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && current) {
        hide();
      }
    });
    window.addEventListener("resize", function () {
      if (current) {
        place(current);
      }
    });
  }

  function init() {
    initMenuToggle();
    initGlossaryTooltips();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
