// The standalone network page (graph/render/page.py, to_html): draws the payload that Python
// wrote as JSON data in #mg-payload (escaped by safe_json), with draw.js's myographDraw.
const payload = JSON.parse(document.getElementById("mg-payload").textContent);
document.getElementById("mg-note").textContent = payload.note;
window.myographNetwork = myographDraw(document.getElementById("mg-network"), payload, {});
