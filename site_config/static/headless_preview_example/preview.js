// Reads the draft the preview token opens and shows it. The API is this
// site's (same origin); a separate front end would use its own API URL and
// must be listed in CORS_ALLOWED_ORIGINS.
(function () {
  "use strict";
  var API = new URL("/api/v3/preview/", window.location.href);
  var main = document.getElementById("preview");
  var status = document.getElementById("preview-status");

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // Rich text arrives as HTML; the example keeps its text only, so nothing
  // from the API is ever parsed into live markup.
  function plainText(html) {
    return new DOMParser().parseFromString(html, "text/html").body.textContent;
  }

  function show(page) {
    main.replaceChildren();
    var article = element("article");
    article.appendChild(element("h1", page.title, "preview-title"));
    article.appendChild(element("p", page.meta.type, "preview-meta"));
    var intro = page.standfirst || page.short_definition || page.summary;
    if (intro) article.appendChild(element("p", intro, "preview-intro"));
    (Array.isArray(page.body) ? page.body : []).forEach(function (block) {
      if (block.type === "paragraph" && typeof block.value === "string") {
        article.appendChild(element("p", plainText(block.value), "preview-paragraph"));
      } else if (block.type === "heading" && block.value && block.value.text) {
        article.appendChild(element("h2", block.value.text));
      }
    });
    if (Array.isArray(page.see_also) && page.see_also.length) {
      var aside = element("aside");
      aside.setAttribute("aria-labelledby", "see-also-heading");
      var heading = element("h2", "Voir aussi");
      heading.id = "see-also-heading";
      aside.appendChild(heading);
      var list = element("ul", null, "preview-see-also");
      page.see_also.forEach(function (item) {
        list.appendChild(element("li", item.title));
      });
      aside.appendChild(list);
      article.appendChild(aside);
    }
    main.appendChild(article);
    document.title = page.title;
  }

  function fail(message) {
    status.textContent = message;
    status.className = "preview-error";
  }

  var params = new URLSearchParams(window.location.search);
  var contentType = params.get("content_type");
  var token = params.get("token");
  if (!contentType || !token) {
    fail("Ouvrez cette page depuis le bouton Aperçu de l'administration.");
    return;
  }
  API.searchParams.set("content_type", contentType);
  API.searchParams.set("token", token);
  API.searchParams.set("rich_text_format", "html");
  fetch(API, { headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.detail || response.statusText);
        return body;
      });
    })
    .then(show)
    .catch(function (error) {
      fail(error.message);
    });
})();
