// Runs the sandbox's Stripe.js as a page would, in Node with just enough of a DOM for the card Element: mounts it,
// types a card (CARD_NUMBER, 12 / 34, CVC 123) and confirms CLIENT_SECRET with it. Prints the last change event and
// confirmCardPayment's result as JSON.
import vm from 'node:vm';

class FakeElement {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.nodeType = 1;
    this.children = [];
    this.parentNode = null;
    this.attributes = {};
    this.style = {};
    this.listeners = {};
    this.value = '';
  }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  getAttribute(name) { return this.attributes[name] ?? null; }
  addEventListener(type, handler) { (this.listeners[type] ??= []).push(handler); }
  appendChild(child) { child.parentNode = this; this.children.push(child); return child; }
  removeChild(child) { this.children = this.children.filter((c) => c !== child); child.parentNode = null; return child; }
  contains(node) { return node === this || this.children.some((c) => c.contains(node)); }
  focus() {}
  blur() {}
  type(text) {
    this.value = text;
    for (const handler of this.listeners.input ?? []) handler({ type: 'input', target: this });
  }
}

const { SCRIPT_URL, PUBLISHABLE_KEY, CLIENT_SECRET, CARD_NUMBER } = process.env;
const script = await (await fetch(SCRIPT_URL)).text();
const document = { createElement: (tag) => new FakeElement(tag), querySelector: () => null, activeElement: null };
const page = vm.createContext({ document, fetch, URLSearchParams, console });
page.window = page;
vm.runInContext(script, page, { filename: SCRIPT_URL });

const stripe = page.Stripe(PUBLISHABLE_KEY);
const card = stripe.elements().create('card');
let change = null;
card.on('change', (event) => { change = event; });
const mount = new FakeElement('div');
card.mount(mount);
const inputs = mount.children[0].children;
const field = (label) => inputs.find((input) => input.getAttribute('aria-label') === label);
field('Card number').type(CARD_NUMBER);
field('Expiration date (MM / YY)').type('1234');
field('CVC').type('123');

const result = await stripe.confirmCardPayment(CLIENT_SECRET, { payment_method: { card } });
process.stdout.write(JSON.stringify({ change, numberShown: field('Card number').value, result }));
