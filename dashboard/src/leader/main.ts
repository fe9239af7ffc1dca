import '../shared/strict-csp.js';
import { createApp } from 'vue';
import LeaderApp from './LeaderApp.vue';
import './leader.css';

createApp(LeaderApp).mount('#leader');
