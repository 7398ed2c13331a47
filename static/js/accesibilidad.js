/* Barra de accesibilidad: sin JavaScript sus enlaces cambian la dirección (?contraste=alto,
   ?texto=grande) y el servidor aplica la preferencia; con JavaScript se aplica al instante y se
   recuerda entre páginas en este navegador (localStorage, no una cookie). */
(function () {
  var root = document.documentElement, KEY = "accesibilidad", STEPS = ["pequeno", "", "grande", "muy-grande"];
  var fromUrl = root.className.match(/\b(contraste-alto|texto-[a-z-]+)\b/);
  var prefs = {};
  try { prefs = JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { prefs = {}; }
  if (fromUrl) { prefs = { contraste: /contraste-alto/.test(root.className), texto: (root.className.match(/texto-([a-z-]+)/) || [])[1] || "" }; }
  function save() { try { localStorage.setItem(KEY, JSON.stringify(prefs)); } catch (e) { /* modo privado */ } }
  function apply() {
    root.className = root.className.replace(/\s*\b(contraste-alto|texto-[a-z-]+)\b/g, "");
    if (prefs.contraste) { root.className += " contraste-alto"; }
    if (prefs.texto) { root.className += " texto-" + prefs.texto; }
    var bar = document.querySelector("[data-accesibilidad]");
    if (bar) {
      var c = bar.querySelector("[data-accion=contraste]");
      if (c) { c.textContent = prefs.contraste ? "Contraste normal" : "Contraste alto"; }
    }
  }
  if (fromUrl) { save(); }
  apply();
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-accion]");
    if (!link) { return; }
    var action = link.getAttribute("data-accion"), step = STEPS.indexOf(prefs.texto || "");
    if (action === "contraste") { prefs.contraste = !prefs.contraste; }
    else if (action === "menor" && step > 0) { prefs.texto = STEPS[step - 1]; }
    else if (action === "mayor" && step < STEPS.length - 1) { prefs.texto = STEPS[step + 1]; }
    else if (action === "normal") { prefs = {}; }
    else { return; }
    event.preventDefault();
    save();
    apply();
  });
  document.addEventListener("DOMContentLoaded", apply);
})();
