/*
 * The Stripe sandbox's stand-in for Stripe.js (https://js.stripe.com/v3/), for tests only: a browser test answers
 * js.stripe.com with this script so a page written against Stripe.js pays at the sandbox. It implements the subset
 * AeThex LIVE uses: Stripe(publishableKey), stripe.elements().create('card') with mount/on('change')/unmount, and
 * stripe.confirmCardPayment(clientSecret, { payment_method: { card } }). A card number is never sent anywhere: the
 * test numbers Stripe documents are mapped to the sandbox's test payment methods (pm_card_visa, …) in the page, the
 * way Stripe.js turns a card into a PaymentMethod before it confirms.
 */
(function () {
  'use strict';

  // Written in by the sandbox when it serves this file: the address it was fetched from.
  var apiBase = __SANDBOX_API_BASE__;

  // Stripe's documented test card numbers → the sandbox's test payment methods (tools/StripeSandbox/README.md).
  var testCards = {
    '4242424242424242': 'pm_card_visa',
    '4000056655665556': 'pm_card_visa_debit',
    '5555555555554444': 'pm_card_mastercard',
    '378282246310005': 'pm_card_amex',
    '4000000000000077': 'pm_card_bypassPending',
    '4000000000000002': 'pm_card_chargeDeclined',
    '4000000000009995': 'pm_card_chargeDeclinedInsufficientFunds',
    '4000000000000069': 'pm_card_chargeDeclinedExpiredCard',
    '4000000000000341': 'pm_card_chargeCustomerFail',
    '4000000000000259': 'pm_card_createDispute',
  };

  function IntegrationError(message) {
    var error = new Error(message);
    error.name = 'IntegrationError';
    return error;
  }

  function digitsOf(text) {
    return String(text || '').replace(/\D/g, '');
  }

  function brandOf(number) {
    if (/^4/.test(number)) return 'visa';
    if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
    if (/^3[47]/.test(number)) return 'amex';
    return 'unknown';
  }

  function passesLuhn(number) {
    var sum = 0;
    for (var i = 0; i < number.length; i++) {
      var digit = Number(number.charAt(number.length - 1 - i));
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    return sum % 10 === 0;
  }

  function validationError(code, message) {
    return { type: 'validation_error', code: code, message: message };
  }

  /** What the card's fields say, as a card Element's change event reports it: the first problem, or complete. */
  function assess(number, expiry, cvc) {
    var brand = brandOf(number);
    var numberLength = brand === 'amex' ? 15 : 16;
    var state = { elementType: 'card', brand: brand, empty: !number && !expiry && !cvc, complete: false, error: undefined };
    if (number.length >= numberLength && !passesLuhn(number)) {
      state.error = validationError('invalid_number', 'Your card number is invalid.');
      return state;
    }
    if (expiry.length === 4) {
      var month = Number(expiry.slice(0, 2));
      var year = 2000 + Number(expiry.slice(2));
      var now = new Date();
      if (month < 1 || month > 12) {
        state.error = validationError('invalid_expiry_month', "Your card's expiration date is incomplete.");
        return state;
      }
      if (year < now.getFullYear()) {
        state.error = validationError('invalid_expiry_year_past', "Your card's expiration year is in the past.");
        return state;
      }
      if (year === now.getFullYear() && month < now.getMonth() + 1) {
        state.error = validationError('invalid_expiry_month_past', "Your card's expiration date is in the past.");
        return state;
      }
    }
    state.complete = number.length === numberLength && expiry.length === 4 && cvc.length >= (brand === 'amex' ? 4 : 3);
    return state;
  }

  /** The first thing missing from a card that is not complete, in the words Stripe.js returns from a confirm. */
  function incompleteError(number, expiry, cvc) {
    var brand = brandOf(number);
    if (number.length < (brand === 'amex' ? 15 : 16)) return validationError('incomplete_number', 'Your card number is incomplete.');
    if (expiry.length < 4) return validationError('incomplete_expiry', "Your card's expiration date is incomplete.");
    if (cvc.length < (brand === 'amex' ? 4 : 3)) return validationError('incomplete_cvc', "Your card's security code is incomplete.");
    return undefined;
  }

  function CardElement(owner) {
    this._owner = owner;
    this._listeners = {};
    this._root = null;
    this._inputs = null;
    this._destroyed = false;
  }

  CardElement.prototype.mount = function (target) {
    if (this._destroyed) throw IntegrationError('This Element has already been destroyed. Please create a new one.');
    var node = typeof target === 'string' ? document.querySelector(target) : target;
    if (!node || node.nodeType !== 1) {
      throw IntegrationError('The selector you specified (' + String(target)
        + ') applies to no DOM elements that are currently on the page.');
    }
    if (this._root) this.unmount();
    var root = document.createElement('div');
    root.className = 'SandboxCardElement';
    root.setAttribute('data-sandbox', 'stripe-card-element');
    root.style.cssText = 'display:flex;flex-wrap:wrap;gap:0.5em';
    var self = this;
    function field(name, label, placeholder, size) {
      var input = document.createElement('input');
      input.name = name;
      input.setAttribute('aria-label', label);
      input.placeholder = placeholder;
      input.autocomplete = name === 'cardnumber' ? 'cc-number' : name === 'exp-date' ? 'cc-exp' : 'cc-csc';
      input.inputMode = 'numeric';
      input.size = size;
      input.addEventListener('input', function () { self._changed(input); });
      input.addEventListener('focus', function () { self._emit('focus', { elementType: 'card' }); });
      input.addEventListener('blur', function () { self._emit('blur', { elementType: 'card' }); });
      root.appendChild(input);
      return input;
    }
    this._inputs = {
      number: field('cardnumber', 'Card number', '1234 1234 1234 1234', 20),
      expiry: field('exp-date', 'Expiration date (MM / YY)', 'MM / YY', 7),
      cvc: field('cvc', 'CVC', 'CVC', 4),
    };
    node.appendChild(root);
    this._root = root;
    this._emit('ready', { elementType: 'card' });
  };

  CardElement.prototype._values = function () {
    return {
      number: digitsOf(this._inputs.number.value),
      expiry: digitsOf(this._inputs.expiry.value),
      cvc: digitsOf(this._inputs.cvc.value),
    };
  };

  CardElement.prototype._changed = function (input) {
    var inputs = this._inputs;
    if (input === inputs.number) {
      var number = digitsOf(input.value).slice(0, 16);
      input.value = number.replace(/(\d{4})(?=\d)/g, '$1 ');
    } else if (input === inputs.expiry) {
      var expiry = digitsOf(input.value).slice(0, 4);
      input.value = expiry.length > 2 ? expiry.slice(0, 2) + ' / ' + expiry.slice(2) : expiry;
    } else {
      input.value = digitsOf(input.value).slice(0, 4);
    }
    var values = this._values();
    this._emit('change', assess(values.number, values.expiry, values.cvc));
  };

  CardElement.prototype._emit = function (event, payload) {
    var handlers = (this._listeners[event] || []).slice();
    for (var i = 0; i < handlers.length; i++) handlers[i](payload);
  };

  CardElement.prototype.on = function (event, handler) {
    (this._listeners[event] = this._listeners[event] || []).push(handler);
    return this;
  };

  CardElement.prototype.off = function (event, handler) {
    var handlers = this._listeners[event] || [];
    this._listeners[event] = handler ? handlers.filter(function (h) { return h !== handler; }) : [];
    return this;
  };

  CardElement.prototype.focus = function () {
    if (this._inputs) this._inputs.number.focus();
  };

  CardElement.prototype.blur = function () {
    if (this._root && this._root.contains(document.activeElement)) document.activeElement.blur();
  };

  CardElement.prototype.clear = function () {
    if (!this._inputs) return;
    this._inputs.number.value = '';
    this._inputs.expiry.value = '';
    this._inputs.cvc.value = '';
    this._emit('change', assess('', '', ''));
  };

  CardElement.prototype.update = function () {};

  CardElement.prototype.unmount = function () {
    if (this._root && this._root.parentNode) this._root.parentNode.removeChild(this._root);
    this._root = null;
    this._inputs = null;
  };

  CardElement.prototype.destroy = function () {
    this.unmount();
    this._destroyed = true;
    this._owner._forget(this);
  };

  function Elements(stripe) {
    this._stripe = stripe;
    this._card = null;
  }

  Elements.prototype.create = function (type) {
    if (type !== 'card') throw IntegrationError('The Stripe sandbox\'s Stripe.js implements only the card Element, not "' + type + '".');
    if (this._card) throw IntegrationError('Can only create one Element of type card.');
    this._card = new CardElement(this);
    this._stripe._cards.push(this._card);
    return this._card;
  };

  Elements.prototype.getElement = function (type) {
    return type === 'card' ? this._card : null;
  };

  Elements.prototype._forget = function (card) {
    if (this._card === card) this._card = null;
  };

  function connectionError() {
    return {
      type: 'api_connection_error',
      message: 'We could not connect to the payment provider. Please check your connection and try again.',
    };
  }

  function Stripe(publishableKey) {
    if (!(this instanceof Stripe)) return new Stripe(publishableKey);
    if (typeof publishableKey !== 'string' || publishableKey === '') {
      throw IntegrationError('Please call Stripe() with your publishable key. You used an empty string.');
    }
    if (/^(sk|rk)_/.test(publishableKey)) {
      throw IntegrationError('You should not use your secret key with Stripe.js. Please pass a publishable key instead.');
    }
    this._key = publishableKey;
    this._cards = [];
  }

  Stripe.prototype.elements = function () {
    return new Elements(this);
  };

  Stripe.prototype._paymentMethodFor = function (data) {
    var method = data && data.payment_method;
    if (typeof method === 'string') return { id: method };
    var card = method && method.card;
    if (!(card instanceof CardElement) || this._cards.indexOf(card) < 0) {
      throw IntegrationError(
        'Invalid value for confirmCardPayment: payment_method.card should be a card Element created by this Stripe instance.');
    }
    if (!card._inputs) throw IntegrationError('The card Element is not mounted.');
    var values = card._values();
    var state = assess(values.number, values.expiry, values.cvc);
    if (state.error) return { error: state.error };
    var missing = incompleteError(values.number, values.expiry, values.cvc);
    if (missing) return { error: missing };
    var token = testCards[values.number];
    if (!token) {
      return {
        error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'test_mode_live_card',
          message: 'Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test '
            + 'cards, visit: https://stripe.com/docs/testing.',
        },
      };
    }
    return { id: token };
  };

  /** Confirms a PaymentIntent with its client secret and the publishable key; resolves { paymentIntent } or { error }. */
  Stripe.prototype.confirmCardPayment = function (clientSecret, data) {
    var match = /^(pi_[^_]+)_secret_[^_]+$/.exec(String(clientSecret || ''));
    if (!match) {
      return Promise.reject(IntegrationError(
        'Invalid value for confirmCardPayment intent secret: value should be a client secret of the form ${id}_secret_${secret}.'));
    }
    var method;
    try {
      method = this._paymentMethodFor(data);
    } catch (error) {
      return Promise.reject(error);
    }
    if (method.error) return Promise.resolve({ error: method.error });
    var body = new URLSearchParams({
      payment_method: method.id,
      expected_payment_method_type: 'card',
      client_secret: clientSecret,
      key: this._key,
    });
    return fetch(apiBase + '/v1/payment_intents/' + encodeURIComponent(match[1]) + '/confirm', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body,
    }).then(function (response) {
      return response.json().then(function (json) {
        if (response.ok) return { paymentIntent: json };
        return { error: json && json.error ? json.error : connectionError() };
      }, function () {
        return { error: connectionError() };
      });
    }, function () {
      return { error: connectionError() };
    });
  };

  /** Reads a PaymentIntent with its client secret, as stripe.retrievePaymentIntent does. */
  Stripe.prototype.retrievePaymentIntent = function (clientSecret) {
    var match = /^(pi_[^_]+)_secret_[^_]+$/.exec(String(clientSecret || ''));
    if (!match) return Promise.reject(IntegrationError('Invalid value for retrievePaymentIntent: not a client secret.'));
    var query = new URLSearchParams({ client_secret: clientSecret, key: this._key });
    return fetch(apiBase + '/v1/payment_intents/' + encodeURIComponent(match[1]) + '?' + query).then(function (response) {
      return response.json().then(function (json) {
        return response.ok ? { paymentIntent: json } : { error: json.error };
      });
    }, function () {
      return { error: connectionError() };
    });
  };

  Stripe.version = 3;
  window.Stripe = Stripe;
})();
