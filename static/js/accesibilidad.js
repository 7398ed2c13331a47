/* Barra de accesibilidad (docs/diseno.md): sin JavaScript sus enlaces llevan la preferencia en la
   dirección; con JavaScript se aplica al instante y se recuerda en localStorage (no es cookie). */
(function () {
  var root = document.documentElement, KEY = "accesibilidad", SIZES = ["pequeno", "", "grande", "muy-grande"];
  var prefs = {}, match = root.className.match(/texto-([a-z-]+)/);
  if (/contraste-alto|texto-/.test(root.className)) {
    prefs = { contraste: /contraste-alto/.test(root.className), texto: match ? match[1] : "" };
    save();
  } else {
    try { prefs = JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { prefs = {}; }
  }
  function save() { try { localStorage.setItem(KEY, JSON.stringify(prefs)); } catch (e) { /* modo privado */ } }
  function apply() {
    root.className = (prefs.contraste ? "contraste-alto " : "") + (prefs.texto ? "texto-" + prefs.texto : "");
    var link = document.querySelector("[data-accion=contraste]");
    if (link) { link.textContent = prefs.contraste ? "Contraste normal" : "Contraste alto"; }
  }
  apply();
  document.addEventListener("DOMContentLoaded", apply);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-accion]");
    if (!link) { return; }
    var action = link.getAttribute("data-accion"), step = SIZES.indexOf(prefs.texto || "");
    if (action === "contraste") { prefs.contraste = !prefs.contraste; }
    else if (action === "menor") { prefs.texto = SIZES[Math.max(step - 1, 0)]; }
    else if (action === "mayor") { prefs.texto = SIZES[Math.min(step + 1, SIZES.length - 1)]; }
    else { prefs = {}; }
    event.preventDefault();
    save();
    apply();
  });
})();
