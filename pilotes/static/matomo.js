// Matomo in the CNIL's consent-exempt setup: no cookie, and nothing that names a person.
// The server gives the page's address (a token page comes as its route's pattern).
(function () {
  var tag = document.currentScript;
  var base = tag.dataset.matomoUrl;
  var referrer = "";
  try {
    referrer = document.referrer ? new URL(document.referrer).origin + "/" : "";
  } catch (error) {
    referrer = "";
  }
  var paq = (window._paq = window._paq || []);
  paq.push(["disableCookies"]);
  paq.push(["setTrackerUrl", base + "matomo.php"]);
  paq.push(["setSiteId", tag.dataset.siteId]);
  paq.push(["setCustomUrl", location.origin + tag.dataset.page]);
  paq.push(["setReferrerUrl", referrer]);
  paq.push(["trackPageView"]);
  paq.push(["enableLinkTracking"]);
  var script = document.createElement("script");
  script.async = true;
  script.src = base + "matomo.js";
  document.head.appendChild(script);
})();
