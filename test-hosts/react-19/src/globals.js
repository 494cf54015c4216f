/* global window */
// React 19 ships no UMD builds: this script is bundled into one that sets the globals a Mattermost
// page gives plugins, `window.React` and `window.ReactDOM` (with createRoot from react-dom/client).
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';

window.React = React;
window.ReactDOM = { ...ReactDOM, ...ReactDOMClient };
