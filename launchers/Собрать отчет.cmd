@echo off
chcp 65001 >nul
rem Собирает отчет Word из форм в папке, где лежит этот файл.
cd /d "%~dp0"
py -m reportgen build "%~dp0." -o "%~dp0отчет.docx"
pause
