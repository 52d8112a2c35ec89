import { render } from 'preact';
import { App } from './app';
import { watchNotifications } from './notifications/live';
import './styles.css';

watchNotifications();
render(<App />, document.getElementById('app')!);
